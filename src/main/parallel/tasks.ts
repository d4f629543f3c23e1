import type { Geometry } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';
import type { VoxelData } from '../../shared/volume/volume';
import type { ResampleKernelOptions } from '../../shared/image/resample-kernel';
import { resampleInto } from '../../shared/image/resample-kernel';
import { blockAverageInto, type StridedView } from '../../shared/image/block-average';
import { upsampleBlockLabels } from '../../shared/image/block-upsample';

/**
 * What a kernel worker is asked to do: one slab [kStart, kEnd) of a kernel whose input and
 * output live in SharedArrayBuffers, so the message carries views, never voxel copies.
 */
export type KernelTask =
  | {
    readonly kind: 'resample';
    readonly src: VoxelData;
    readonly srcGeometry: Geometry;
    readonly target: Geometry;
    readonly out: VoxelData;
    readonly options: ResampleKernelOptions;
  }
  | {
    readonly kind: 'block-average';
    readonly src: VoxelData;
    readonly view: StridedView;
    readonly factors: Vec3;
    readonly out: Float32Array;
    readonly kStart: number;
    readonly kEnd: number;
  }
  | {
    readonly kind: 'upsample-labels';
    readonly labels: Uint8Array;
    readonly blockDims: Vec3;
    readonly factors: Vec3;
    readonly view: StridedView;
    readonly out: Uint8Array;
    readonly kStart: number;
    readonly kEnd: number;
  };

/** Runs a task on the calling thread: the worker's body, and the fallback when no worker can run. */
export function runKernel(task: KernelTask): void {
  if (task.kind === 'resample') resampleInto(task.src, task.srcGeometry, task.target, task.out, task.options);
  else if (task.kind === 'block-average') blockAverageInto(task.src, task.view, task.factors, task.out, task.kStart, task.kEnd);
  else upsampleBlockLabels(task.labels, task.blockDims, task.factors, task.view, task.out, task.kStart, task.kEnd);
}
