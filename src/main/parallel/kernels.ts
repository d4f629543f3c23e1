import { permutedView } from '../../shared/image/block-average';
import { blockGeometry, lpsAxes, lpsGeometry } from '../../shared/image/grid';
import type { ResampleKernelOptions } from '../../shared/image/resample-kernel';
import { voxelCount, type Geometry } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';
import { geometryOf, type Volume, type VoxelType } from '../../shared/volume/volume';
import { kernelPool } from './pool';
import { asShared, plainVoxels, sharedVoxels } from './shared-memory';
import { runKernel, type KernelTask } from './tasks';

/** Below this many output voxels, starting threads costs more than it saves. */
export const PARALLEL_MIN_VOXELS = 2_000_000;

export interface ParallelOptions {
  /** Force the calling thread (tests compare both paths); default: workers for large outputs. */
  readonly threads?: 'auto' | 'main';
  /**
   * The source is a CT nobody edits in place: keep its shared-memory copy for the next kernel
   * (the lung mask and three crops then copy a 512 x 512 x 300 CT once, not four times).
   */
  readonly sourceIsImmutable?: boolean;
}

function slabs(nz: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.max(1, Math.min(parts, nz));
  for (let p = 0; p < n; p++) {
    const a = Math.floor((p * nz) / n);
    const b = Math.floor(((p + 1) * nz) / n);
    if (b > a) out.push([a, b]);
  }
  return out;
}

async function runSlabs(tasks: KernelTask[]): Promise<void> {
  try {
    await Promise.all(tasks.map((t) => kernelPool().run(t)));
  } catch {
    // A worker that cannot start (a broken install, a sandbox) must not fail the job: do it here.
    for (const t of tasks) runKernel(t);
  }
}

/** Resamples `src` onto `target` (see resampleInto), split by target slabs over the kernel pool. */
export async function resampleVolume(
  src: Volume, target: Geometry, outType: VoxelType, options: ResampleKernelOptions, parallel: ParallelOptions = {},
): Promise<Volume> {
  const n = voxelCount(target);
  const pool = kernelPool();
  if (parallel.threads === 'main' || n < PARALLEL_MIN_VOXELS || pool.size < 2) {
    const out = plainVoxels(outType, n);
    runKernel({ kind: 'resample', src: src.data, srcGeometry: geometryOf(src), target, out, options });
    return { ...geometryOf(target), data: out };
  }
  const shared = asShared(src.data, parallel.sourceIsImmutable === true);
  const out = sharedVoxels(outType, n);
  const srcGeometry = geometryOf(src);
  const tasks = slabs(target.dims[2], pool.size).map(([kStart, kEnd]): KernelTask => ({
    kind: 'resample', src: shared, srcGeometry, target: geometryOf(target), out, options: { ...options, kStart, kEnd },
  }));
  await runSlabs(tasks);
  return { ...geometryOf(target), data: out };
}

/**
 * Block means (see blockAverageInto) of the CT read in LPS axis order, on the LPS block grid:
 * the result, and so everything computed from it, is the same whatever the file's axis order
 * or flips. Split by output slabs over the pool.
 */
export async function blockAverageLps(src: Volume, factors: Vec3, parallel: ParallelOptions = {}): Promise<Volume<Float32Array>> {
  const { axes, flip } = lpsAxes(src);
  const view = permutedView(src.dims, axes, flip);
  const geometry = blockGeometry(lpsGeometry(src), factors);
  const n = voxelCount(geometry);
  const pool = kernelPool();
  if (parallel.threads === 'main' || src.data.length < PARALLEL_MIN_VOXELS || pool.size < 2) {
    const out = new Float32Array(n);
    runKernel({ kind: 'block-average', src: src.data, view, factors, out, kStart: 0, kEnd: geometry.dims[2] });
    return { ...geometry, data: out };
  }
  const shared = asShared(src.data, parallel.sourceIsImmutable === true);
  const out = sharedVoxels('float32', n) as Float32Array;
  const tasks = slabs(geometry.dims[2], pool.size).map(([kStart, kEnd]): KernelTask => ({
    kind: 'block-average', src: shared, view, factors, out, kStart, kEnd,
  }));
  await runSlabs(tasks);
  return { ...geometry, data: out };
}

/**
 * Labels computed on blockAverageLps's grid, back onto the CT's own grid and memory order (see
 * upsampleBlockLabels: the 'label' rule, fast where the blocks agree), split over the pool.
 */
export async function upsampleLabelsLps(labels: Uint8Array, blockDims: Vec3, factors: Vec3, ct: Geometry, parallel: ParallelOptions = {}): Promise<Uint8Array> {
  const { axes, flip } = lpsAxes(ct);
  const view = permutedView(ct.dims, axes, flip);
  const n = voxelCount(ct);
  const pool = kernelPool();
  if (parallel.threads === 'main' || n < PARALLEL_MIN_VOXELS || pool.size < 2) {
    const out = new Uint8Array(n);
    runKernel({ kind: 'upsample-labels', labels, blockDims, factors, view, out, kStart: 0, kEnd: view.dims[2] });
    return out;
  }
  const shared = asShared(labels) as Uint8Array;
  const out = sharedVoxels('uint8', n) as Uint8Array;
  const tasks = slabs(view.dims[2], pool.size).map(([kStart, kEnd]): KernelTask => ({
    kind: 'upsample-labels', labels: shared, blockDims, factors, view, out, kStart, kEnd,
  }));
  await runSlabs(tasks);
  return out;
}
