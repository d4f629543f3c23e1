/**
 * Exact squared Euclidean distance transform on a 2D grid with anisotropic pixels
 * (Felzenszwalb & Huttenlocher, "Distance transforms of sampled functions", 2012): two
 * linear passes of the lower envelope of parabolas, O(width * height).
 */
const INF = 1e20;

function edt1d(f: Float64Array, n: number, step: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  const w = step * step;
  let k = 0;
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  for (let q = 1; q < n; q++) {
    let s = ((f[q]! + w * q * q) - (f[v[k]!]! + w * v[k]! * v[k]!)) / (2 * w * (q - v[k]!));
    while (s <= z[k]!) {
      k--;
      s = ((f[q]! + w * q * q) - (f[v[k]!]! + w * v[k]! * v[k]!)) / (2 * w * (q - v[k]!));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const dq = q - v[k]!;
    d[q] = w * dq * dq + f[v[k]!]!;
  }
}

/**
 * Squared distance (mm^2) from each pixel to the nearest pixel where `isSeed` is true;
 * INF-like (1e20) everywhere when there is no seed.
 */
export function squaredDistance2d(
  width: number, height: number, su: number, sv: number, isSeed: (p: number) => boolean,
): Float64Array {
  const n = Math.max(width, height);
  const out = new Float64Array(width * height);
  for (let p = 0; p < out.length; p++) out[p] = isSeed(p) ? 0 : INF;
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = out[x + y * width]!;
    edt1d(f, height, sv, d, v, z);
    for (let y = 0; y < height; y++) out[x + y * width] = d[y]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = out[row + x]!;
    edt1d(f, width, su, d, v, z);
    for (let x = 0; x < width; x++) out[row + x] = d[x]!;
  }
  return out;
}

/**
 * Signed distance in mm of a binary 2D mask: negative inside (distance to the nearest outside
 * pixel), positive outside (distance to the nearest inside pixel). Never zero, so the sign
 * alone reproduces the mask.
 */
export function signedDistance2d(inside: Uint8Array, width: number, height: number, su: number, sv: number): Float64Array {
  const toInside = squaredDistance2d(width, height, su, sv, (p) => inside[p] !== 0);
  const toOutside = squaredDistance2d(width, height, su, sv, (p) => inside[p] === 0);
  const out = new Float64Array(width * height);
  for (let p = 0; p < out.length; p++) {
    out[p] = inside[p] !== 0 ? -Math.sqrt(toOutside[p]!) : Math.sqrt(toInside[p]!);
  }
  return out;
}
