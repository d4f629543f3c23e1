import { fail, ok, type Result } from '../result';
import { indexToWorld, worldToIndex, type Geometry } from '../volume/geometry';
import type { Vec3 } from '../volume/mat3';
import type { AxialBox } from './types';

/** How far (in voxels) a mapped voxel centre may sit from an integer index and still count as the same voxel. */
const CENTRE_TOLERANCE = 1e-3;

/** Where a box lies relative to a grid's dimensions, as a message, or undefined when it fits. */
export function boxOutsideGrid(box: AxialBox, dims: Vec3): string | undefined {
  const ints = [box.k, box.i0, box.i1, box.j0, box.j1].every(Number.isInteger);
  if (!ints) return 'its indices are not whole numbers';
  if (box.i0 > box.i1 || box.j0 > box.j1) return `its corners are reversed (i ${box.i0}..${box.i1}, j ${box.j0}..${box.j1})`;
  if (box.k < 0 || box.k >= dims[2]) return `slice ${box.k} is outside 0..${dims[2] - 1}`;
  if (box.i0 < 0 || box.i1 >= dims[0]) return `columns ${box.i0}..${box.i1} are outside 0..${dims[0] - 1}`;
  if (box.j0 < 0 || box.j1 >= dims[1]) return `rows ${box.j0}..${box.j1} are outside 0..${dims[1] - 1}`;
  return undefined;
}

/** Checks every box against the grid; the message names the first offending box. */
export function checkBoxesFit(boxes: readonly AxialBox[], dims: Vec3): Result<void> {
  for (let n = 0; n < boxes.length; n++) {
    const why = boxOutsideGrid(boxes[n]!, dims);
    if (why) return fail(`box ${n + 1} (slice ${boxes[n]!.k}) does not fit the ${dims.join('x')} grid: ${why}`);
  }
  return ok(undefined);
}

function nearInteger(x: number): boolean {
  return Math.abs(x - Math.round(x)) <= CENTRE_TOLERANCE;
}

/**
 * Moves boxes between two grids that share voxel centres and whose slice axes agree, e.g. a
 * native DICOM grid and the same CT reoriented to LPS (axes flipped or swapped in-plane).
 * Every corner goes through world coordinates, so no orientation convention is assumed.
 * Grids that do not line up voxel for voxel (resampled, oblique to each other, or whose
 * slice axis differs) are refused: an axial box would not stay an axial box there.
 */
export function mapBoxesToGrid(boxes: readonly AxialBox[], from: Geometry, to: Geometry): Result<AxialBox[]> {
  const map = (p: Vec3): Vec3 => worldToIndex(to, indexToWorld(from, p));
  const base = map([0, 0, 0]);
  if (!base.every(nearInteger)) return fail('the box grid and the CT grid do not share voxel centres (different origin or spacing)');
  for (let axis = 0; axis < 3; axis++) {
    const unit: Vec3 = [axis === 0 ? 1 : 0, axis === 1 ? 1 : 0, axis === 2 ? 1 : 0];
    const d = map(unit).map((x, c) => x - base[c]!);
    const big = d.filter((x) => Math.abs(x) > CENTRE_TOLERANCE);
    if (big.length !== 1 || Math.abs(Math.abs(big[0]!) - 1) > CENTRE_TOLERANCE) {
      return fail('the box grid and the CT grid do not line up voxel for voxel (different spacing or oblique axes)');
    }
    const slicesMoveInPlane = axis === 2 ? Math.abs(d[2]!) < 0.5 : Math.abs(d[2]!) > 0.5;
    if (slicesMoveInPlane) return fail('the CT grid is not axial in the same sense as the box grid (its slice axis differs)');
  }
  const out: AxialBox[] = [];
  for (const b of boxes) {
    const p = map([b.i0, b.j0, b.k]).map(Math.round);
    const q = map([b.i1, b.j1, b.k]).map(Math.round);
    const { sopInstanceUid, ...rest } = b;
    out.push({
      ...rest,
      k: p[2]!,
      i0: Math.min(p[0]!, q[0]!),
      i1: Math.max(p[0]!, q[0]!),
      j0: Math.min(p[1]!, q[1]!),
      j1: Math.max(p[1]!, q[1]!),
      ...(sopInstanceUid !== undefined ? { sopInstanceUid } : {}),
    });
  }
  const fits = checkBoxesFit(out, to.dims);
  return fits.ok ? ok(out) : fail(`after mapping onto the CT grid, ${fits.error}`);
}
