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
  const work = new Float32Array(nx * ny * nz);
  rowPass(mask, nx, ny * nz, spacing[0], options.inverse === true, work);
  const longest = Math.max(nx, ny, nz);
  const scratch = {
    line: new Float64Array(longest), result: new Float64Array(longest), v: new Int32Array(longest), z: new Float64Array(longest + 1),
  };
  for (let k = 0; k < nz; k++) {
    for (let i = 0; i < nx; i++) stridedPass(work, i + nx * ny * k, ny, nx, spacing[1], scratch);
  }
  if (!options.planar && nz > 1) {
    for (let q = 0; q < nx * ny; q++) stridedPass(work, q, nz, nx * ny, spacing[2], scratch);
  }
  for (let q = 0; q < work.length; q++) if (work[q]! >= FAR / 2) work[q] = Infinity;
  return work;
}

/** First axis: the distance to the nearest set voxel in the row, by one scan each way. */
function rowPass(mask: ArrayLike<number>, nx: number, rows: number, s: number, inverse: boolean, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * nx;
    let last = -Infinity;
    for (let i = 0; i < nx; i++) {
      if ((mask[base + i] ? 1 : 0) !== (inverse ? 1 : 0)) last = i;
      const d = (i - last) * s;
      out[base + i] = last === -Infinity ? FAR : d * d;
    }
    last = Infinity;
    for (let i = nx - 1; i >= 0; i--) {
      if ((mask[base + i] ? 1 : 0) !== (inverse ? 1 : 0)) last = i;
      if (last === Infinity) continue;
      const d = (last - i) * s;
      if (d * d < out[base + i]!) out[base + i] = d * d;
    }
  }
}

interface Scratch {
  readonly line: Float64Array;
  readonly result: Float64Array;
  readonly v: Int32Array;
  readonly z: Float64Array;
}

function stridedPass(work: Float32Array, start: number, n: number, stride: number, s: number, t: Scratch): void {
  const { line, result, v, z } = t;
  let any = false;
  for (let q = 0, p = start; q < n; q++, p += stride) {
    line[q] = work[p]!;
    if (line[q]! < FAR) any = true;
  }
  if (!any) return;
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const pq = q * s;
    const fq = line[q]! + pq * pq;
    let pv = v[k]! * s;
    let sect = (fq - (line[v[k]!]! + pv * pv)) / (2 * (pq - pv));
    // z[0] is -Infinity, so k never drops below 0.
    while (sect <= z[k]!) {
      k--;
      pv = v[k]! * s;
      sect = (fq - (line[v[k]!]! + pv * pv)) / (2 * (pq - pv));
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
    result[q] = dv * dv + line[v[k]!]!;
  }
  for (let q = 0, p = start; q < n; q++, p += stride) work[p] = result[q]!;
}
