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

// One shared copy per source array: a CT resampled for three crops and averaged for the lung
// mask is copied once, not four times. Weak, so the copy goes when the CT goes.
const copies = new WeakMap<VoxelData, VoxelData>();

/**
 * The same voxels on shared memory: returned as is when already shared, else copied. With
 * `remember` the copy is kept for the next call on the same array: only for data nobody edits
 * in place (a loaded CT), never for masks an editor changes.
 */
export function asShared(data: VoxelData, remember = false): VoxelData {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const known = remember ? copies.get(data) : undefined;
  if (known) return known;
  const copy = sharedVoxels(voxelTypeOf(data), data.length);
  copy.set(data as ArrayLike<number>);
  if (remember) copies.set(data, copy);
  return copy;
}

/** A plain (non-shared) array for small results that never reach a worker. */
export function plainVoxels(type: VoxelType, length: number): VoxelData {
  return allocateVoxels(type, length);
}
