import type { Vec3 } from '../volume/mat3';
import type { VoxelData } from '../volume/volume';

/**
 * Mean of each factors[0] x factors[1] x factors[2] block of `src` (dims `srcDims`), written to
 * `out` on the grid `blockGeometry` describes. Averaging, unlike point sampling, keeps thin
 * air and tissue from aliasing away and lowers the noise of sharp reconstruction kernels.
 * [kStart, kEnd) limits the output slices so workers can split the job.
 */
export function blockAverageInto(
  src: VoxelData, srcDims: Vec3, factors: Vec3, out: Float32Array, kStart = 0, kEnd = Infinity,
): void {
  const [nx, ny, nz] = srcDims;
  const [fx, fy, fz] = factors;
  const ox = Math.ceil(nx / fx);
  const oy = Math.ceil(ny / fy);
  const oz = Math.ceil(nz / fz);
  const sums = new Float64Array(ox);
  const counts = new Float64Array(ox);
  const colOf = new Int32Array(nx);
  for (let i = 0; i < nx; i++) colOf[i] = Math.floor(i / fx);
  for (let k = kStart; k < Math.min(oz, kEnd); k++) {
    for (let j = 0; j < oy; j++) {
      sums.fill(0);
      counts.fill(0);
      for (let kk = k * fz; kk < Math.min(nz, (k + 1) * fz); kk++) {
        for (let jj = j * fy; jj < Math.min(ny, (j + 1) * fy); jj++) {
          const row = nx * (jj + ny * kk);
          for (let i = 0; i < nx; i++) {
            const c = colOf[i]!;
            sums[c]! += src[row + i]!;
            counts[c]! += 1;
          }
        }
      }
      const o = ox * (j + oy * k);
      for (let c = 0; c < ox; c++) out[o + c] = sums[c]! / counts[c]!;
    }
  }
}

/** Integer block factors that bring `spacing` up to about `targetMm` (1 where it already is coarser). */
export function blockFactors(spacing: Vec3, targetMm: number): Vec3 {
  const f = (s: number) => Math.max(1, Math.floor(targetMm / s + 1e-6));
  return [f(spacing[0]), f(spacing[1]), f(spacing[2])];
}
