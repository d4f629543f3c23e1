import { linearIndex } from '../volume/geometry';
import type { Mask, Volume } from '../volume/volume';
import type { EditRecorder } from './mask-edit';
import { planeShape, planeSpacing, planeToIndex, type ViewAxis } from './plane';

/** Limits a brush to voxels whose CT value lies in [minHu, maxHu] (e.g. -500..400 keeps air out). */
export interface HuLimit {
  readonly ct: Volume;
  readonly minHu: number;
  readonly maxHu: number;
}

export interface BrushSpec {
  readonly view: ViewAxis;
  readonly slice: number;
  /** Radius in millimetres, so a brush covers the same anatomy whatever the pixel size. */
  readonly radiusMm: number;
  /** 1 paints, 0 erases (any label value is allowed). */
  readonly value: number;
  /** Applied only when painting (value > 0); erasing always clears. */
  readonly huLimit?: HuLimit;
}

export const MIN_BRUSH_MM = 0.5;
export const MAX_BRUSH_MM = 50;

/**
 * Stamps one elliptical disc (a circle in millimetres on anisotropic pixels) centred at
 * in-plane index position (cu, cv). Returns how many voxels changed.
 */
export function paintDisc(rec: EditRecorder, mask: Mask, spec: BrushSpec, cu: number, cv: number): number {
  const { width, height, slices } = planeShape(spec.view, mask.dims);
  if (spec.slice < 0 || spec.slice >= slices) return 0;
  const { su, sv } = planeSpacing(spec.view, mask.spacing);
  const r = Math.max(spec.radiusMm, 1e-6);
  const ru = r / su;
  const rv = r / sv;
  // A disc at least one voxel wide: a tiny radius still paints the voxel under the cursor.
  const centreU = Math.round(cu);
  const centreV = Math.round(cv);
  const u0 = Math.max(0, Math.min(centreU, Math.ceil(cu - ru)));
  const u1 = Math.min(width - 1, Math.max(centreU, Math.floor(cu + ru)));
  const v0 = Math.max(0, Math.min(centreV, Math.ceil(cv - rv)));
  const v1 = Math.min(height - 1, Math.max(centreV, Math.floor(cv + rv)));
  const limit = spec.value > 0 ? spec.huLimit : undefined;
  const ctData = limit?.ct.data;
  let changed = 0;
  for (let v = v0; v <= v1; v++) {
    const dv = (v - cv) / rv;
    for (let u = u0; u <= u1; u++) {
      const du = (u - cu) / ru;
      if (du * du + dv * dv > 1 && !(u === centreU && v === centreV)) continue;
      const idx3 = planeToIndex(spec.view, spec.slice, u, v);
      const idx = linearIndex(mask, idx3[0], idx3[1], idx3[2]);
      if (ctData) {
        const hu = ctData[idx]!;
        if (hu < limit!.minHu || hu > limit!.maxHu) continue;
      }
      if (rec.set(idx, spec.value)) changed++;
    }
  }
  return changed;
}

/**
 * Stamps discs along the segment from (u0, v0) to (u1, v1), close enough that a fast mouse
 * leaves a continuous stroke rather than a row of dots.
 */
export function paintSegment(
  rec: EditRecorder, mask: Mask, spec: BrushSpec, from: readonly [number, number], to: readonly [number, number],
): number {
  const { su, sv } = planeSpacing(spec.view, mask.spacing);
  const lenMm = Math.hypot((to[0] - from[0]) * su, (to[1] - from[1]) * sv);
  const stepMm = Math.max(Math.min(su, sv) * 0.5, spec.radiusMm * 0.5);
  const steps = Math.max(1, Math.ceil(lenMm / stepMm));
  let changed = 0;
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    changed += paintDisc(rec, mask, spec, from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t);
  }
  return changed;
}

/** Brush size keys ([ and ]) step by ~20% so both a 1 mm nodule and a 40 mm mass are reachable quickly. */
export function resizeBrush(radiusMm: number, direction: 1 | -1): number {
  const next = direction > 0 ? radiusMm * 1.2 : radiusMm / 1.2;
  return Math.min(MAX_BRUSH_MM, Math.max(MIN_BRUSH_MM, Math.round(next * 10) / 10));
}
