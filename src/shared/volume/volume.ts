import { fail, ok, type Result } from '../result';
import { createGeometry, voxelCount, type Geometry, type GeometryInput } from './geometry';

export type VoxelData =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export type VoxelType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** A scalar image on a known geometry. CT volumes hold Hounsfield units; masks share the geometry. */
export interface Volume<T extends VoxelData = VoxelData> extends Geometry {
  readonly data: T;
}

/** A binary (0/1) or label mask on a CT's grid. */
export type Mask = Volume<Uint8Array>;

export function voxelTypeOf(data: VoxelData): VoxelType {
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

type Ctor = { new (length: number): VoxelData };
const CONSTRUCTORS: Record<VoxelType, Ctor> = {
  int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array,
};

export function allocateVoxels(type: VoxelType, length: number): VoxelData {
  return new CONSTRUCTORS[type](length);
}

/** Attaches voxel data to a geometry, checking that the two agree in size. */
export function createVolume<T extends VoxelData>(geometry: GeometryInput, data: T): Result<Volume<T>> {
  const g = createGeometry(geometry);
  if (!g.ok) return g;
  const n = voxelCount(g.value);
  if (data.length !== n) {
    return fail(`voxel data holds ${data.length} values but the dimensions ${g.value.dims.join('x')} need ${n}`);
  }
  return ok({ ...g.value, data });
}

/** A geometry-only copy (no voxel data), e.g. to describe a volume in a message or a database row. */
export function geometryOf(v: Geometry): Geometry {
  return { dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction };
}

/** A zero-filled volume on the same grid, e.g. a new mask for a CT. */
export function emptyLike<T extends VoxelData = Uint8Array>(g: Geometry, type: VoxelType = 'uint8'): Volume<T> {
  return { ...geometryOf(g), data: allocateVoxels(type, voxelCount(g)) as T };
}

/** Minimum and maximum of the voxel values (NaN-free data is assumed). */
export function valueRange(data: VoxelData): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
