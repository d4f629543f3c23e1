import type { Vec3 } from '../volume/mat3';

/**
 * Binary dilation by a (2r + 1)^3 cube (Chebyshev distance <= r in voxels), as three separable
 * running-max passes: linear in the volume whatever r is. Non-zero input counts as 1.
 */
export function dilateCube(mask: ArrayLike<number>, dims: Vec3, r: number): Uint8Array {
  const [nx, ny, nz] = dims;
  let src = Uint8Array.from(mask as ArrayLike<number>, (v) => (v ? 1 : 0));
  const strides = [1, nx, nx * ny];
  const lens = [nx, ny, nz];
  for (let axis = 0; axis < 3; axis++) {
    const out = new Uint8Array(src.length);
    const s = strides[axis]!;
    const n = lens[axis]!;
    for (let q0 = 0; q0 < src.length; q0++) {
      // Visit each line once, from its first voxel.
      const pos = Math.floor(q0 / s) % n;
      if (pos !== 0) continue;
      // last: index (along the line) of the most recent foreground voxel.
      let last = -Infinity;
      for (let x = 0; x < n + r; x++) {
        if (x < n && src[q0 + x * s]) last = x;
        const y = x - r;
        if (y >= 0 && y < n && x - last <= 2 * r) out[q0 + y * s] = 1;
      }
    }
    src = out;
  }
  return src;
}
