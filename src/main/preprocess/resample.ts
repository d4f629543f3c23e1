import { NETWORK_SPACING, resampledGeometry } from '../../shared/image/grid';
import type { InterpolationMode } from '../../shared/image/resample-kernel';
import type { Geometry } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';
import { voxelTypeOf, type Volume, type VoxelType } from '../../shared/volume/volume';
import { resampleVolume, type ParallelOptions } from '../parallel/kernels';

export type { InterpolationMode };

export interface ResampleOptions extends ParallelOptions {
  /** Value where the target lies outside the source (default 0; CT callers pass air). */
  readonly fill?: number;
  /** Output voxel type (default: float32 for linear, the source's type otherwise). */
  readonly outType?: VoxelType;
  /** Clamp source values before interpolating (linear only), e.g. the CT window. */
  readonly clip?: readonly [number, number];
  /** Output = value * scale + offset (linear only), e.g. a z-score folded into the same pass. */
  readonly scale?: number;
  readonly offset?: number;
}

function outTypeFor(v: Volume, mode: InterpolationMode, options: ResampleOptions): VoxelType {
  return options.outType ?? (mode === 'linear' ? 'float32' : voxelTypeOf(v.data));
}

/**
 * Samples `v` at every voxel centre of `target` through world coordinates: any spacing,
 * orientation, axis order or crop. 'linear' for CT and probabilities, 'nearest' for exact
 * label copies, 'label' for masks (linear then threshold at 0.5, labels kept apart). Mapping
 * a result back onto the source's own geometry is the exact inverse grid: every voxel of the
 * source grid gets a value, including its first rows and last slice. Target voxels within
 * half of their own voxel outside the source reuse the source's edge values, so a grid that
 * covers the same box with another spacing has no fill at its outer faces.
 */
export async function resampleOnto(v: Volume, target: Geometry, mode: InterpolationMode, options: ResampleOptions = {}): Promise<Volume> {
  const extendMm = Math.max(...target.spacing) / 2;
  return resampleVolume(v, target, outTypeFor(v, mode, options), {
    mode,
    fill: options.fill ?? 0,
    extendMm,
    ...(options.clip ? { clip: options.clip } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.offset !== undefined ? { offset: options.offset } : {}),
  }, options);
}

/**
 * Resamples to `spacing` (x, y, z in mm; default the networks' 1 x 1 x 1.5) on the grid
 * `resampledGeometry` defines: LPS axis order, same physical box as `v`. The inverse is
 * `resampleOnto(result, geometryOf(v), mode)`.
 */
export async function resampleToSpacing(
  v: Volume, spacing: Vec3 = NETWORK_SPACING, mode: InterpolationMode = 'linear', options: ResampleOptions = {},
): Promise<Volume> {
  return resampleOnto(v, resampledGeometry(v, spacing), mode, options);
}
