import { labelComponents, type Connectivity } from '../editing/components';
import { indexToWorld, linearIndex } from '../volume/geometry';
import type { Vec3 } from '../volume/mat3';
import type { Mask, Volume } from '../volume/volume';
import { convexHull2d, farthestPair, type Pt2, type Pt3 } from './hull';
import { axialDiameters, rowExtremeCorners, type SlicePixels } from './slice-diameters';

export type LungSide = 'right' | 'left' | 'unknown';

/** What the tumour panel shows for one lesion (one connected component of the mask). */
export interface TumourMeasure {
  /** 1 for the largest lesion, 2 for the next, ... */
  readonly id: number;
  readonly voxels: number;
  readonly volumeMl: number;
  readonly centroidIndex: Vec3;
  /** LPS millimetres. */
  readonly centroidWorld: Vec3;
  readonly boundsMin: Vec3;
  readonly boundsMax: Vec3;
  /** The axial slice holding the longest in-plane diameter. */
  readonly axialSlice: number;
  readonly longestAxialMm: number;
  readonly perpendicularMm: number;
  /** Ends of the two diameters in (i, j) index units on `axialSlice`, for drawing. */
  readonly longestLine: readonly [Pt2, Pt2];
  readonly perpendicularLine: readonly [Pt2, Pt2];
  readonly longest3dMm: number;
  readonly meanHu: number;
  readonly maxHu: number;
  readonly side: LungSide;
}

export interface MeasureOptions {
  /** Lung labels on the same grid: 1 = right lung, 2 = left lung (the pipeline's lung mask). */
  readonly lungLabels?: Mask;
  readonly connectivity?: Connectivity;
  /** Lesions smaller than this many voxels are ignored (noise). */
  readonly minVoxels?: number;
}

interface Acc {
  count: number; huSum: number; huMax: number;
  si: number; sj: number; sk: number;
  min: [number, number, number]; max: [number, number, number];
  right: number; left: number;
}

/**
 * Measures each lesion of `mask` over `ct`. Both lie on the same grid whose k axis is axial
 * (the LPS-reoriented CT). Distances are taken in index space scaled by spacing, exact for any
 * orthonormal direction matrix.
 */
export function measureTumours(ct: Volume, mask: Mask, options: MeasureOptions = {}): TumourMeasure[] {
  if (ct.dims.some((d, n) => d !== mask.dims[n])) throw new Error('measureTumours: CT and mask grids differ');
  const { labels, count } = labelComponents(mask, options.connectivity ?? 26);
  const accs: Acc[] = [];
  for (let c = 0; c <= count; c++) {
    accs.push({ count: 0, huSum: 0, huMax: -Infinity, si: 0, sj: 0, sk: 0, min: [Infinity, Infinity, Infinity], max: [-1, -1, -1], right: 0, left: 0 });
  }
  const [nx, ny, nz] = mask.dims;
  const lung = options.lungLabels?.data;
  let p = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        const c = labels[p]!;
        if (c === 0) continue;
        const a = accs[c]!;
        const hu = ct.data[p]!;
        a.count++; a.huSum += hu; if (hu > a.huMax) a.huMax = hu;
        a.si += i; a.sj += j; a.sk += k;
        if (i < a.min[0]) a.min[0] = i; if (j < a.min[1]) a.min[1] = j; if (k < a.min[2]) a.min[2] = k;
        if (i > a.max[0]) a.max[0] = i; if (j > a.max[1]) a.max[1] = j; if (k > a.max[2]) a.max[2] = k;
        if (lung) { if (lung[p] === 1) a.right++; else if (lung[p] === 2) a.left++; }
      }
    }
  }
  const voxelMl = (mask.spacing[0] * mask.spacing[1] * mask.spacing[2]) / 1000;
  const out: Omit<TumourMeasure, 'id'>[] = [];
  for (let c = 1; c <= count; c++) {
    const a = accs[c]!;
    if (a.count < (options.minVoxels ?? 1)) continue;
    const centroidIndex: Vec3 = [a.si / a.count, a.sj / a.count, a.sk / a.count];
    const slices = collectSlices(labels, c, mask.dims, a.min, a.max);
    const shape = shapeOf(slices, mask.spacing);
    out.push({
      voxels: a.count,
      volumeMl: a.count * voxelMl,
      centroidIndex,
      centroidWorld: indexToWorld(mask, centroidIndex),
      boundsMin: [a.min[0], a.min[1], a.min[2]],
      boundsMax: [a.max[0], a.max[1], a.max[2]],
      ...shape,
      meanHu: a.huSum / a.count,
      maxHu: a.huMax,
      side: lung && a.left + a.right > 0 ? (a.left > a.right ? 'left' : 'right') : sideByMidline(ct, centroidIndex),
    });
  }
  out.sort((x, y) => y.voxels - x.voxels);
  return out.map((m, n) => ({ id: n + 1, ...m }));
}

function collectSlices(labels: Int32Array, c: number, dims: Vec3, min: number[], max: number[]): Map<number, SlicePixels> {
  const out = new Map<number, SlicePixels>();
  for (let k = min[2]!; k <= max[2]!; k++) {
    const is: number[] = [];
    const js: number[] = [];
    for (let j = min[1]!; j <= max[1]!; j++) {
      let p = linearIndex({ dims }, min[0]!, j, k);
      for (let i = min[0]!; i <= max[0]!; i++, p++) if (labels[p] === c) { is.push(i); js.push(j); }
    }
    if (is.length > 0) out.set(k, { i: Int32Array.from(is), j: Int32Array.from(js) });
  }
  return out;
}

function shapeOf(slices: Map<number, SlicePixels>, spacing: Vec3) {
  const [si, sj, sk] = spacing;
  let best: { k: number; d: NonNullable<ReturnType<typeof axialDiameters>> } | undefined;
  // Each plane between two slices (and the outer faces) holds both neighbours' pixel hulls;
  // the 3D diameter's ends are among these hull vertices.
  const planes = new Map<number, Pt2[]>();
  for (const [k, px] of slices) {
    const d = axialDiameters(px, si, sj);
    if (d && (!best || d.longestMm > best.d.longestMm)) best = { k, d };
    const corners = rowExtremeCorners(px, si, sj);
    for (const z of [k - 0.5, k + 0.5]) planes.set(z, (planes.get(z) ?? []).concat(corners));
  }
  const points: Pt3[] = [];
  for (const [z, pts] of planes) for (const q of convexHull2d(pts)) points.push([q[0], q[1], z * sk]);
  const d3 = farthestPair(points)?.length ?? 0;
  if (!best) throw new Error('shapeOf: lesion without pixels');
  return {
    axialSlice: best.k,
    longestAxialMm: best.d.longestMm,
    perpendicularMm: best.d.perpendicularMm,
    longestLine: best.d.longestLine,
    perpendicularLine: best.d.perpendicularLine,
    longest3dMm: d3,
  };
}

/**
 * Without a lung mask: the body's midline on the lesion's slice (mean column of voxels denser
 * than -300 HU, i.e. the body rather than air) splits right from left; the side is decided in
 * world x (LPS: +x is the patient's left), so any grid orientation reads correctly.
 */
function sideByMidline(ct: Volume, centroid: Vec3): LungSide {
  const [nx, ny, nz] = ct.dims;
  const k = Math.min(nz - 1, Math.max(0, Math.round(centroid[2])));
  let sum = 0;
  let n = 0;
  let p = k * nx * ny;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, p++) if (ct.data[p]! > -300) { sum += i; n++; }
  if (n === 0) return 'unknown';
  const mid = indexToWorld(ct, [sum / n, centroid[1], centroid[2]]);
  const at = indexToWorld(ct, centroid);
  const dx = at[0] - mid[0];
  if (Math.abs(dx) < 1e-6) return 'unknown';
  return dx > 0 ? 'left' : 'right';
}
