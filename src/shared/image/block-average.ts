import type { Vec3 } from '../volume/mat3';
import type { VoxelData } from '../volume/volume';

/**
 * How to walk a volume in another axis order without copying it: voxel (a, b, c) of the view
 * is src[offset + a*strides[0] + b*strides[1] + c*strides[2]] (strides may be negative).
 */
export interface StridedView {
  readonly dims: Vec3;
  readonly offset: number;
  readonly strides: Vec3;
}

/** The plain view of a volume in its own memory order. */
export function plainView(dims: Vec3): StridedView {
  return { dims, offset: 0, strides: [1, dims[0], dims[0] * dims[1]] };
}

/**
 * The view that reads a volume as `reorient` would lay it out: axis t of the view is source
 * axis axes[t], reversed where flip[t].
 */
export function permutedView(dims: Vec3, axes: readonly [number, number, number], flip: readonly [boolean, boolean, boolean]): StridedView {
  const stride = [1, dims[0], dims[0] * dims[1]];
  let offset = 0;
  const strides: number[] = [];
  for (let t = 0; t < 3; t++) {
    const a = axes[t]!;
    strides.push(flip[t] ? -stride[a]! : stride[a]!);
    if (flip[t]) offset += (dims[a]! - 1) * stride[a]!;
  }
  return { dims: [dims[axes[0]]!, dims[axes[1]]!, dims[axes[2]]!], offset, strides: strides as unknown as Vec3 };
}

/**
 * Mean of each factors[0] x factors[1] x factors[2] block of the view of `src`, written to
 * `out` on the grid `blockGeometry` describes. Averaging, unlike point sampling, keeps thin
 * air and tissue from aliasing away and lowers the noise of sharp reconstruction kernels.
 * [kStart, kEnd) limits the output slices so workers can split the job.
 */
export function blockAverageInto(
  src: VoxelData, view: StridedView, factors: Vec3, out: Float32Array, kStart = 0, kEnd = Infinity,
): void {
  const [nx, ny, nz] = view.dims;
  const [s0, s1, s2] = view.strides;
  const [fx, fy, fz] = factors;
  const ox = Math.ceil(nx / fx);
  const oy = Math.ceil(ny / fy);
  const oz = Math.ceil(nz / fz);
  const sums = new Float64Array(ox);
  const fullCols = Math.floor(nx / fx);
  for (let k = kStart; k < Math.min(oz, kEnd); k++) {
    const kk1 = Math.min(nz, (k + 1) * fz);
    for (let j = 0; j < oy; j++) {
      const jj1 = Math.min(ny, (j + 1) * fy);
      sums.fill(0);
      for (let kk = k * fz; kk < kk1; kk++) {
        for (let jj = j * fy; jj < jj1; jj++) {
          let p = view.offset + jj * s1 + kk * s2;
          for (let c = 0; c < fullCols; c++) {
            let s = 0;
            for (let t = 0; t < fx; t++, p += s0) s += src[p]!;
            sums[c]! += s;
          }
          for (let i = fullCols * fx; i < nx; i++, p += s0) sums[fullCols]! += src[p]!;
        }
      }
      const rows = (kk1 - k * fz) * (jj1 - j * fy);
      const o = ox * (j + oy * k);
      for (let c = 0; c < ox; c++) out[o + c] = sums[c]! / (rows * (c < fullCols ? fx : nx - fullCols * fx));
    }
  }
}

/** Integer block factors that bring `spacing` near `targetMm` (1 where it already is coarser). */
export function blockFactors(spacing: Vec3, targetMm: number): Vec3 {
  const f = (s: number) => Math.max(1, Math.round(targetMm / s));
  return [f(spacing[0]), f(spacing[1]), f(spacing[2])];
}
