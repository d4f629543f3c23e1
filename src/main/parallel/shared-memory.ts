import { allocateVoxels, voxelTypeOf, type VoxelData, type VoxelType } from '../../shared/volume/volume';

type Ctor = { new (buffer: SharedArrayBuffer): VoxelData; readonly BYTES_PER_ELEMENT: number };

const CTORS: Record<VoxelType, Ctor> = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
};

/** A zero-filled typed array on a SharedArrayBuffer, so kernel workers can write into it. */
export function sharedVoxels(type: VoxelType, length: number): VoxelData {
  const ctor = CTORS[type];
  return new ctor(new SharedArrayBuffer(Math.max(1, length) * ctor.BYTES_PER_ELEMENT)).subarray(0, length);
}

/** The same voxels on shared memory: returned as is when already shared, else copied once. */
export function asShared(data: VoxelData): VoxelData {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const copy = sharedVoxels(voxelTypeOf(data), data.length);
  copy.set(data as ArrayLike<number>);
  return copy;
}

/** A plain (non-shared) array for small results that never reach a worker. */
export function plainVoxels(type: VoxelType, length: number): VoxelData {
  return allocateVoxels(type, length);
}
