import { fail, ok, type Result } from '../result';
import { geometryOf, type Mask, type Volume, type VoxelData } from '../volume/volume';

/**
 * A mask read from a file of any voxel type as a Uint8 label mask (0 background, 1..255
 * labels). Refuses, rather than rounds, values that are not whole numbers in 0..255: a
 * probability map or a CT given by mistake must not become a plausible-looking mask.
 */
export function toLabelMask(v: Volume<VoxelData>): Result<Mask> {
  if (v.data instanceof Uint8Array) return ok(v as Mask);
  const out = new Uint8Array(v.data.length);
  for (let p = 0; p < v.data.length; p++) {
    const x = v.data[p]!;
    if (!Number.isInteger(x) || x < 0 || x > 255) {
      const [nx, ny] = v.dims;
      const at = [p % nx, Math.floor(p / nx) % ny, Math.floor(p / (nx * ny))].join(', ');
      return fail(`voxel (${at}) holds ${+x.toPrecision(6)}; a mask must hold whole numbers 0..255 (0 = background)`);
    }
    out[p] = x;
  }
  return ok({ ...geometryOf(v), data: out });
}
