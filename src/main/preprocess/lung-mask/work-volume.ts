import type { Vec3 } from '../../../shared/volume/mat3';

/**
 * The CT as the lung-mask steps see it: Hounsfield units on a coarse grid (about 2 mm), in
 * LPS axis order (i toward patient left, j posterior, k superior). Every step is written for
 * this order, so "axial slice" is a k-slice, "right" is low i and "anterior" is low j.
 */
export interface WorkVolume {
  readonly dims: Vec3;
  readonly spacing: Vec3;
  readonly data: Float32Array;
}

export function sliceSize(w: Pick<WorkVolume, 'dims'>): number {
  return w.dims[0] * w.dims[1];
}

/** Volume of one voxel in millilitres. */
export function voxelMl(w: Pick<WorkVolume, 'spacing'>): number {
  return (w.spacing[0] * w.spacing[1] * w.spacing[2]) / 1000;
}
