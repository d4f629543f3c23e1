/**
 * Mirrors a volume (i fastest, dims [nx, ny, nz]) along any of its three axes. A mirror is its
 * own inverse, which is what test-time augmentation relies on: predict on the mirrored input,
 * mirror the prediction back.
 */
export function mirrorVolume(data: Float32Array, dims: readonly [number, number, number], axes: readonly (0 | 1 | 2)[]): Float32Array {
  const [nx, ny, nz] = dims;
  if (data.length !== nx * ny * nz) throw new Error(`mirrorVolume: ${data.length} values for ${nx}x${ny}x${nz}`);
  const fi = axes.includes(0);
  const fj = axes.includes(1);
  const fk = axes.includes(2);
  const out = new Float32Array(data.length);
  let q = 0;
  for (let k = 0; k < nz; k++) {
    const sk = fk ? nz - 1 - k : k;
    for (let j = 0; j < ny; j++) {
      const base = nx * ((fj ? ny - 1 - j : j) + ny * sk);
      if (fi) for (let i = 0; i < nx; i++, q++) out[q] = data[base + nx - 1 - i]!;
      else {
        out.set(data.subarray(base, base + nx), q);
        q += nx;
      }
    }
  }
  return out;
}
