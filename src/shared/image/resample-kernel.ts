import type { Geometry } from '../volume/geometry';
import type { VoxelData } from '../volume/volume';
import { indexToIndexAffine } from './grid';

/**
 * linear: trilinear (CT, probabilities). nearest: nearest voxel (labels, exact copies).
 * label: a mask's "linear then threshold": a voxel is inside when the trilinear weight of all
 * non-zero labels reaches 0.5, and takes the heaviest of them (several labels stay apart).
 */
export type InterpolationMode = 'linear' | 'nearest' | 'label';

export interface ResampleKernelOptions {
  readonly mode: InterpolationMode;
  /** Output value where the target voxel centre lies outside the source's voxel box. */
  readonly fill?: number;
  /** Clamp every source sample to [lo, hi] before interpolating (linear only). */
  readonly clip?: readonly [number, number];
  /** Output = interpolated * scale + offset (linear only; fill is already in output units). */
  readonly scale?: number;
  readonly offset?: number;
  /**
   * Extra reach beyond the source's voxel box, in mm, where edge values are still used. A
   * grid covering the same box with another spacing overhangs it by less than half of its own
   * voxel; passing that half keeps its outer voxels from turning into fill.
   */
  readonly extendMm?: number;
  /** Target slices [kStart, kEnd) to compute; the whole target by default. Lets workers split the job. */
  readonly kStart?: number;
  readonly kEnd?: number;
}

// A centre exactly on the source's outer voxel edge still counts as inside (float noise).
const EDGE_EPS = 1e-4;

/**
 * Samples `src` (values on `srcGeom`) at every voxel centre of `target` through world
 * coordinates, writing into `out` (length = target voxel count). Centres within half a voxel
 * outside the outermost source centres take the edge value (the voxel box is the voxel's
 * extent); farther ones get `fill`.
 */
export function resampleInto(
  src: VoxelData, srcGeom: Geometry, target: Geometry, out: VoxelData, options: ResampleKernelOptions,
): void {
  const m = indexToIndexAffine(target, srcGeom);
  const [nx, ny, nz] = srcGeom.dims;
  const [tx, ty, tz] = target.dims;
  const k0 = options.kStart ?? 0;
  const k1 = Math.min(tz, options.kEnd ?? tz);
  const fill = options.fill ?? 0;
  const ext = [0, 1, 2].map((a) => 0.5 + EDGE_EPS + (options.extendMm ?? 0) / srcGeom.spacing[a]!);
  const [ex, ey, ez] = [ext[0]!, ext[1]!, ext[2]!];
  const hx = nx - 1 + ex;
  const hy = ny - 1 + ey;
  const hz = nz - 1 + ez;
  const sxy = nx * ny;
  if (options.mode === 'linear') {
    linearInto(src, [nx, ny, nz], m, target.dims, out, options, [k0, k1], [ex, ey, ez], fill);
    return;
  }
  const sample = kernelFor(options, src, nx, ny, nz, sxy);
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ty; j++) {
      const bx = m[1]! * j + m[2]! * k + m[3]!;
      const by = m[5]! * j + m[6]! * k + m[7]!;
      const bz = m[9]! * j + m[10]! * k + m[11]!;
      let o = tx * (j + ty * k);
      for (let i = 0; i < tx; i++, o++) {
        const x = bx + m[0]! * i;
        const y = by + m[4]! * i;
        const z = bz + m[8]! * i;
        if (x < -ex || y < -ey || z < -ez || x > hx || y > hy || z > hz) {
          out[o] = fill;
          continue;
        }
        out[o] = sample(x < 0 ? 0 : x > nx - 1 ? nx - 1 : x, y < 0 ? 0 : y > ny - 1 ? ny - 1 : y, z < 0 ? 0 : z > nz - 1 ? nz - 1 : z);
      }
    }
  }
}

/**
 * The trilinear loop written out (no per-voxel closure calls): the hot path of every crop and
 * of whole-scan resampling. Same rules as resampleInto.
 */
function linearInto(
  src: VoxelData, srcDims: readonly [number, number, number], m: number[], tDims: readonly [number, number, number],
  out: VoxelData, options: ResampleKernelOptions, kRange: readonly [number, number], ext: readonly [number, number, number], fill: number,
): void {
  const [nx, ny, nz] = srcDims;
  const [tx, ty] = tDims;
  const sxy = nx * ny;
  const lo = options.clip ? options.clip[0] : -Infinity;
  const hi = options.clip ? options.clip[1] : Infinity;
  const scale = options.scale ?? 1;
  const offset = options.offset ?? 0;
  const [m0, m4, m8] = [m[0]!, m[4]!, m[8]!];
  const [ex, ey, ez] = ext;
  const hx = nx - 1 + ex;
  const hy = ny - 1 + ey;
  const hz = nz - 1 + ez;
  for (let k = kRange[0]; k < kRange[1]; k++) {
    for (let j = 0; j < ty; j++) {
      const bx = m[1]! * j + m[2]! * k + m[3]!;
      const by = m[5]! * j + m[6]! * k + m[7]!;
      const bz = m[9]! * j + m[10]! * k + m[11]!;
      let o = tx * (j + ty * k);
      for (let i = 0; i < tx; i++, o++) {
        let x = bx + m0 * i;
        let y = by + m4 * i;
        let z = bz + m8 * i;
        if (x < -ex || y < -ey || z < -ez || x > hx || y > hy || z > hz) {
          out[o] = fill;
          continue;
        }
        x = x < 0 ? 0 : x > nx - 1 ? nx - 1 : x;
        y = y < 0 ? 0 : y > ny - 1 ? ny - 1 : y;
        z = z < 0 ? 0 : z > nz - 1 ? nz - 1 : z;
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const z0 = Math.floor(z);
        const fx = x - x0;
        const fy = y - y0;
        const fz = z - z0;
        const dx = x0 < nx - 1 ? 1 : 0;
        const dy = y0 < ny - 1 ? nx : 0;
        const dz = z0 < nz - 1 ? sxy : 0;
        const q = x0 + nx * y0 + sxy * z0;
        let a = src[q]!;
        let b = src[q + dx]!;
        let c = src[q + dy]!;
        let d = src[q + dy + dx]!;
        let e = src[q + dz]!;
        let f = src[q + dz + dx]!;
        let g = src[q + dz + dy]!;
        let h = src[q + dz + dy + dx]!;
        a = a < lo ? lo : a > hi ? hi : a;
        b = b < lo ? lo : b > hi ? hi : b;
        c = c < lo ? lo : c > hi ? hi : c;
        d = d < lo ? lo : d > hi ? hi : d;
        e = e < lo ? lo : e > hi ? hi : e;
        f = f < lo ? lo : f > hi ? hi : f;
        g = g < lo ? lo : g > hi ? hi : g;
        h = h < lo ? lo : h > hi ? hi : h;
        const c00 = a + (b - a) * fx;
        const c10 = c + (d - c) * fx;
        const c01 = e + (f - e) * fx;
        const c11 = g + (h - g) * fx;
        const c0 = c00 + (c10 - c00) * fy;
        const c1 = c01 + (c11 - c01) * fy;
        out[o] = (c0 + (c1 - c0) * fz) * scale + offset;
      }
    }
  }
}

type Sampler = (x: number, y: number, z: number) => number;

function kernelFor(options: ResampleKernelOptions, src: VoxelData, nx: number, ny: number, nz: number, sxy: number): Sampler {
  if (options.mode === 'nearest') {
    return (x, y, z) => src[Math.round(x) + nx * Math.round(y) + sxy * Math.round(z)]!;
  }
  return labelSampler(src, nx, ny, nz, sxy);
}

function labelSampler(src: VoxelData, nx: number, ny: number, nz: number, sxy: number): Sampler {
  const labels = new Float64Array(8);
  const weights = new Float64Array(8);
  return (x, y, z) => {
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const z0 = Math.floor(z);
    const fx = x - x0;
    const fy = y - y0;
    const fz = z - z0;
    const dx = x0 < nx - 1 ? 1 : 0;
    const dy = y0 < ny - 1 ? nx : 0;
    const dz = z0 < nz - 1 ? sxy : 0;
    const q = x0 + nx * y0 + sxy * z0;
    const first = src[q]!;
    if (first === src[q + dx] && first === src[q + dy] && first === src[q + dy + dx]
      && first === src[q + dz] && first === src[q + dz + dx] && first === src[q + dz + dy] && first === src[q + dz + dy + dx]) {
      return first;
    }
    let n = 0;
    const add = (value: number, w: number) => {
      for (let t = 0; t < n; t++) {
        if (labels[t] === value) {
          weights[t]! += w;
          return;
        }
      }
      labels[n] = value;
      weights[n++] = w;
    };
    add(first, (1 - fx) * (1 - fy) * (1 - fz));
    add(src[q + dx]!, fx * (1 - fy) * (1 - fz));
    add(src[q + dy]!, (1 - fx) * fy * (1 - fz));
    add(src[q + dy + dx]!, fx * fy * (1 - fz));
    add(src[q + dz]!, (1 - fx) * (1 - fy) * fz);
    add(src[q + dz + dx]!, fx * (1 - fy) * fz);
    add(src[q + dz + dy]!, (1 - fx) * fy * fz);
    add(src[q + dz + dy + dx]!, fx * fy * fz);
    // The union decides inside/outside (linear then threshold); the heaviest label names it.
    let best = 0;
    let bestW = -1;
    let total = 0;
    for (let t = 0; t < n; t++) {
      if (labels[t] === 0) continue;
      total += weights[t]!;
      if (weights[t]! > bestW) {
        bestW = weights[t]!;
        best = labels[t]!;
      }
    }
    return total >= 0.5 - 1e-9 ? best : 0;
  };
}
