import type { Vec3 } from '../volume/mat3';

/**
 * The three orthogonal views of a volume in canonical LPS order (i toward patient left,
 * j posterior, k superior). Each view shows a plane with in-plane axes u (screen right) and
 * v (screen down) so the display follows radiological convention: the patient's right on the
 * screen's left, anterior up in axial, superior up in coronal and sagittal.
 */
export type ViewAxis = 'axial' | 'coronal' | 'sagittal';

export const VIEW_AXES: readonly ViewAxis[] = ['axial', 'coronal', 'sagittal'];

export interface PlaneAxes {
  /** Index axis held fixed by the view (its slice axis). */
  readonly normal: 0 | 1 | 2;
  /** Index axis along screen x. */
  readonly u: 0 | 1 | 2;
  /** Index axis along screen y. */
  readonly v: 0 | 1 | 2;
  /** True when screen y runs against the index (superior drawn up). */
  readonly flipV: boolean;
}

const AXES: Record<ViewAxis, PlaneAxes> = {
  axial: { normal: 2, u: 0, v: 1, flipV: false },
  coronal: { normal: 1, u: 0, v: 2, flipV: true },
  sagittal: { normal: 0, u: 1, v: 2, flipV: true },
};

export function planeAxes(view: ViewAxis): PlaneAxes {
  return AXES[view];
}

/** The voxel index of in-plane position (u, v) on slice `slice` of `view` (all in index units). */
export function planeToIndex(view: ViewAxis, slice: number, u: number, v: number): Vec3 {
  const a = AXES[view];
  const out = [0, 0, 0];
  out[a.normal] = slice;
  out[a.u] = u;
  out[a.v] = v;
  return out as unknown as Vec3;
}

/** In-plane size (columns, rows) and slice count of `view` for volume dims. */
export function planeShape(view: ViewAxis, dims: Vec3): { width: number; height: number; slices: number } {
  const a = AXES[view];
  return { width: dims[a.u], height: dims[a.v], slices: dims[a.normal] };
}

/** Pixel spacing (mm) of `view`: along u, along v, and between slices. */
export function planeSpacing(view: ViewAxis, spacing: Vec3): { su: number; sv: number; sn: number } {
  const a = AXES[view];
  return { su: spacing[a.u], sv: spacing[a.v], sn: spacing[a.normal] };
}

export function clampIndex(x: number, size: number): number {
  return Math.min(size - 1, Math.max(0, Math.round(x)));
}
