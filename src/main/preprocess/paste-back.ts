import { overlapRange, subGrid } from '../../shared/image/grid';
import type { Geometry } from '../../shared/volume/geometry';
import { voxelCount } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';
import type { Volume } from '../../shared/volume/volume';
import { resampleVolume } from '../parallel/kernels';

/**
 * Where a crop came from, as plain data (it travels through jobs and files): the crop's grid,
 * a sub-grid of the 1 x 1 x 1.5 mm resampled grid that may reach past the CT, and the CT grid
 * predictions go back to.
 */
export interface CropTransform {
  readonly crop: Geometry;
  readonly target: Geometry;
}

export type PasteCombine = 'max' | 'replace';

/**
 * Puts a prediction made on a crop (e.g. sigmoid probabilities, crop-grid order) back onto the
 * CT's own grid through world coordinates, trilinearly: every CT voxel whose centre lies in the
 * crop's box (first row, first column and last slice included) gets a value; the rest of
 * `into` is left as it was (zeros for a fresh volume). 'max' merges overlapping crops (the two
 * lungs meet at the midline), 'replace' overwrites.
 */
export async function pasteBack(
  t: CropTransform, prediction: Float32Array, into?: Float32Array, combine: PasteCombine = 'max',
): Promise<Volume<Float32Array>> {
  if (prediction.length !== voxelCount(t.crop)) {
    throw new Error(`pasteBack: the prediction holds ${prediction.length} values, the crop ${t.crop.dims.join('x')} needs ${voxelCount(t.crop)}`);
  }
  const out = into ?? new Float32Array(voxelCount(t.target));
  if (out.length !== voxelCount(t.target)) throw new Error('pasteBack: `into` does not match the target grid');
  const { lo, hi } = overlapRange(t.target, t.crop);
  const dims: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  if (dims.some((d) => d <= 0)) return { ...t.target, data: out };
  const region = subGrid(t.target, lo, dims);
  const sampled = await resampleVolume({ ...t.crop, data: prediction }, region, 'float32', { mode: 'linear', fill: NaN });
  const [nx, ny] = t.target.dims;
  let p = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      let q = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      for (let i = 0; i < dims[0]; i++, p++, q++) {
        const v = sampled.data[p]!;
        if (Number.isNaN(v)) continue;
        out[q] = combine === 'max' ? Math.max(out[q]!, v) : v;
      }
    }
  }
  return { ...t.target, data: out };
}
