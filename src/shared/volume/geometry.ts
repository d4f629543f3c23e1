import { fail, ok, type Result } from '../result';
import {
  mat3Column, mat3Det, mat3Inverse, mat3MulVec, maxAbsDiff, vecAdd, vecNorm, vecSub, type Mat3, type Vec3,
} from './mat3';

/**
 * Where every voxel is in the patient. World coordinates are DICOM patient coordinates (LPS,
 * millimetres). Voxel (i, j, k) with i fastest in memory has its centre at
 *   world = origin + direction * diag(spacing) * [i, j, k],
 * so origin is the centre of the first voxel and column c of `direction` is the unit world
 * direction of index axis c (ITK's convention, which DICOM and NIfTI both map onto).
 */
export interface Geometry {
  readonly dims: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly direction: Mat3;
}

export interface GeometryInput {
  readonly dims: readonly number[];
  readonly spacing: readonly number[];
  readonly origin?: readonly number[];
  readonly direction?: readonly number[];
}

const DIRECTION_UNIT_TOLERANCE = 1e-3;

/** Builds a geometry, refusing what would silently misplace voxels (NaN, zero spacing, singular axes). */
export function createGeometry(input: GeometryInput): Result<Geometry> {
  const { dims, spacing } = input;
  const origin = input.origin ?? [0, 0, 0];
  const direction = input.direction ?? [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
    return fail(`dimensions must be three positive integers, got [${dims.join(', ')}]`);
  }
  if (spacing.length !== 3 || !spacing.every((s) => Number.isFinite(s) && s > 0)) {
    return fail(`voxel spacing must be three finite positive numbers, got [${spacing.join(', ')}]`);
  }
  if (origin.length !== 3 || !origin.every(Number.isFinite)) {
    return fail(`origin must be three finite numbers, got [${origin.join(', ')}]`);
  }
  if (direction.length !== 9 || !direction.every(Number.isFinite)) {
    return fail('direction must be nine finite numbers');
  }
  const dir = direction as unknown as Mat3;
  for (let c = 0; c < 3; c++) {
    const n = vecNorm(mat3Column(dir, c));
    if (Math.abs(n - 1) > DIRECTION_UNIT_TOLERANCE) {
      return fail(`direction column ${c} is not a unit vector (length ${n.toFixed(4)})`);
    }
  }
  if (Math.abs(mat3Det(dir)) < 1e-6) return fail('direction matrix is singular (two axes are parallel)');
  return ok({
    dims: [dims[0]!, dims[1]!, dims[2]!],
    spacing: [spacing[0]!, spacing[1]!, spacing[2]!],
    origin: [origin[0]!, origin[1]!, origin[2]!],
    direction: dir.slice() as unknown as Mat3,
  });
}

export function voxelCount(g: Pick<Geometry, 'dims'>): number {
  return g.dims[0] * g.dims[1] * g.dims[2];
}

/** Linear memory offset of voxel (i, j, k); i is fastest. */
export function linearIndex(g: Pick<Geometry, 'dims'>, i: number, j: number, k: number): number {
  return i + g.dims[0] * (j + g.dims[1] * k);
}

/** World position (LPS mm) of a continuous index. */
export function indexToWorld(g: Geometry, index: Vec3): Vec3 {
  const scaled: Vec3 = [index[0] * g.spacing[0], index[1] * g.spacing[1], index[2] * g.spacing[2]];
  return vecAdd(g.origin, mat3MulVec(g.direction, scaled));
}

/** Continuous index of a world position (LPS mm); the inverse of indexToWorld. */
export function worldToIndex(g: Geometry, world: Vec3): Vec3 {
  const local = mat3MulVec(mat3Inverse(g.direction), vecSub(world, g.origin));
  return [local[0] / g.spacing[0], local[1] / g.spacing[1], local[2] / g.spacing[2]];
}

/**
 * The 3x4 affine (row-major, last column translation) from index to world, in LPS. Composed
 * once per volume so that hot loops avoid re-deriving it voxel by voxel.
 */
export function indexToWorldAffine(g: Geometry): number[] {
  const d = g.direction;
  const s = g.spacing;
  return [
    d[0] * s[0], d[1] * s[1], d[2] * s[2], g.origin[0],
    d[3] * s[0], d[4] * s[1], d[5] * s[2], g.origin[1],
    d[6] * s[0], d[7] * s[1], d[8] * s[2], g.origin[2],
  ];
}

/** True when two geometries place every voxel at the same world position within `tolMm`. */
export function sameGeometry(a: Geometry, b: Geometry, tolMm = 1e-4): boolean {
  if (a.dims[0] !== b.dims[0] || a.dims[1] !== b.dims[1] || a.dims[2] !== b.dims[2]) return false;
  const far: Vec3 = [a.dims[0] - 1, a.dims[1] - 1, a.dims[2] - 1];
  const corners: Vec3[] = [[0, 0, 0], far, [far[0], 0, 0], [0, far[1], 0], [0, 0, far[2]]];
  return corners.every((c) => maxAbsDiff(indexToWorld(a, c), indexToWorld(b, c)) <= tolMm);
}

/** Physical extent in mm along each index axis (centre of first to centre of last voxel, plus one voxel). */
export function physicalSize(g: Geometry): Vec3 {
  return [g.dims[0] * g.spacing[0], g.dims[1] * g.spacing[1], g.dims[2] * g.spacing[2]];
}
