import { worldToIndex, type Geometry } from '../../../shared/volume/geometry';
import { mat3Column, vecDot, type Vec3 } from '../../../shared/volume/mat3';
import type { LoadedCtSeries } from '../dicom/types';

/** How far (in voxels) a referenced position may sit from a voxel centre of the CT and still name it. */
export const POSITION_TOLERANCE_VOXELS = 0.1;

/** Finds CT slices by the SOP instance (and frame) an annotation references. */
export class SliceIndex {
  private readonly bySop = new Map<string, { k: number; frame: number }[]>();

  constructor(readonly series: LoadedCtSeries) {
    series.slices.forEach((s, k) => {
      const list = this.bySop.get(s.sopInstanceUid) ?? [];
      list.push({ k, frame: s.frame });
      this.bySop.set(s.sopInstanceUid, list);
    });
  }

  has(sopInstanceUid: string): boolean {
    return this.bySop.has(sopInstanceUid);
  }

  /** Slice k of an instance; `frameNumber` is 1-based as in DICOM. Undefined when absent or ambiguous. */
  slice(sopInstanceUid: string, frameNumber?: number): number | undefined {
    const list = this.bySop.get(sopInstanceUid);
    if (!list) return undefined;
    if (frameNumber !== undefined) return list.find((e) => e.frame === frameNumber - 1)?.k;
    return list.length === 1 ? list[0]!.k : undefined;
  }
}

/** The CT voxel whose centre a frame's top-left pixel (or any world point) falls on, if it falls on one. */
export interface GridPlacement {
  readonly k: number;
  /** Integer offsets of the point on the slice (0, 0 for a frame covering the whole slice). */
  readonly i: number;
  readonly j: number;
}

export function placeOnGrid(g: Geometry, world: Vec3): GridPlacement | undefined {
  const [x, y, z] = worldToIndex(g, world);
  const near = (v: number): boolean => Math.abs(v - Math.round(v)) <= POSITION_TOLERANCE_VOXELS;
  if (!near(x) || !near(y) || !near(z)) return undefined;
  return { k: Math.round(z), i: Math.round(x), j: Math.round(y) };
}

/**
 * Checks that an annotation's pixel grid runs along the CT's: its row direction along the CT's
 * i axis, its column direction along j, and the same pixel spacing ([between rows, between
 * columns], DICOM's order). Returns a message naming the difference, or undefined when they agree.
 */
export function inPlaneMismatch(g: Geometry, orientation?: readonly number[], pixelSpacing?: readonly [number, number]): string | undefined {
  if (orientation && orientation.length >= 6) {
    const row: Vec3 = [orientation[0]!, orientation[1]!, orientation[2]!];
    const col: Vec3 = [orientation[3]!, orientation[4]!, orientation[5]!];
    if (vecDot(row, mat3Column(g.direction, 0)) < 0.999 || vecDot(col, mat3Column(g.direction, 1)) < 0.999) {
      return `its image orientation (${orientation.map((v) => +v.toFixed(4)).join('\\')}) differs from the CT's`;
    }
  }
  if (pixelSpacing) {
    const [rowStep, colStep] = pixelSpacing;
    const rel = (a: number, b: number): number => Math.abs(a - b) / b;
    if (rel(colStep, g.spacing[0]) > 1e-3 || rel(rowStep, g.spacing[1]) > 1e-3) {
      return `its pixel spacing (${rowStep}\\${colStep} mm) differs from the CT's (${g.spacing[1]}\\${g.spacing[0]} mm)`;
    }
  }
  return undefined;
}
