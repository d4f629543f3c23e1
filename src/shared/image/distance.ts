import type { Vec3 } from '../volume/mat3';

// Finite stand-in for "no feature on this line": Infinity would turn the parabola algebra into NaN.
const FAR = 1e20;

/**
 * Squared Euclidean distance in mm² from every voxel to the nearest voxel of the set (mask
 * non-zero, or mask zero when `inverse`), exact, in O(n) per axis (Felzenszwalb & Huttenlocher's
 * lower envelope of parabolas). `planar` measures within each k-slice only. Voxels outside the
 * volume are never part of the set, so erosion by thresholding does not eat in from the border.
 * Where the set is empty (in the volume or the slice) the distance is Infinity.
 */
export function squaredDistance(
  mask: ArrayLike<number>, dims: Vec3, spacing: Vec3, options: { inverse?: boolean; planar?: boolean } = {},
): Float32Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const work = new Float64Array(n);
  const inverse = options.inverse === true;
  for (let q = 0; q < n; q++) work[q] = (mask[q] ? !inverse : inverse) ? 0 : FAR;
  const longest = Math.max(nx, ny, nz);
  const line = new Float64Array(longest);
  const result = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  const pass = (count: number, stride: number, spacingMm: number, starts: (emit: (s: number) => void) => void) => {
    starts((s) => {
      for (let t = 0; t < count; t++) line[t] = work[s + t * stride]!;
      envelope(line, count, spacingMm, result, v, z);
      for (let t = 0; t < count; t++) work[s + t * stride] = result[t]!;
    });
  };
  pass(nx, 1, spacing[0], (emit) => { for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) emit(nx * (j + ny * k)); });
  pass(ny, nx, spacing[1], (emit) => { for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) emit(i + nx * ny * k); });
  if (!options.planar) pass(nz, nx * ny, spacing[2], (emit) => { for (let q = 0; q < nx * ny; q++) emit(q); });
  const out = new Float32Array(n);
  for (let q = 0; q < n; q++) out[q] = work[q]! >= FAR / 2 ? Infinity : work[q]!;
  return out;
}

function envelope(f: Float64Array, n: number, s: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const pq = q * s;
    const fq = f[q]! + pq * pq;
    let pv = v[k]! * s;
    let sect = (fq - (f[v[k]!]! + pv * pv)) / (2 * (pq - pv));
    // z[0] is -Infinity, so k never drops below 0.
    while (sect <= z[k]!) {
      k--;
      pv = v[k]! * s;
      sect = (fq - (f[v[k]!]! + pv * pv)) / (2 * (pq - pv));
    }
    k++;
    v[k] = q;
    z[k] = sect;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    const pq = q * s;
    while (z[k + 1]! < pq) k++;
    const dv = pq - v[k]! * s;
    d[q] = dv * dv + f[v[k]!]!;
  }
}
