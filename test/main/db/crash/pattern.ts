/**
 * The mask a crash-test writer saves for a given seed: a block whose position and size depend
 * on the seed, plus scattered voxels, so every seed's bytes (and hash) differ.
 */
export function crashMask(seed: number, dims: readonly [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dims;
  const m = new Uint8Array(nx * ny * nz);
  let s = (seed * 2654435761) >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const x0 = Math.floor(rnd() * nx * 0.6), y0 = Math.floor(rnd() * ny * 0.6), z0 = Math.floor(rnd() * nz * 0.6);
  const w = 4 + Math.floor(rnd() * nx * 0.3), h = 4 + Math.floor(rnd() * ny * 0.3), d = 2 + Math.floor(rnd() * nz * 0.3);
  for (let k = z0; k < Math.min(nz, z0 + d); k++) for (let j = y0; j < Math.min(ny, y0 + h); j++) m.fill(1, k * nx * ny + j * nx + x0, k * nx * ny + j * nx + Math.min(nx, x0 + w));
  for (let n = 0; n < 200; n++) m[Math.floor(rnd() * m.length)] = 1 + (seed % 3);
  return m;
}
