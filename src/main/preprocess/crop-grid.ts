import { indexToIndexAffine } from '../../shared/image/grid';
import type { IndexBox } from '../../shared/image/crop-box';
import type { Geometry } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';

/**
 * The continuous index range, on `target`, of the physical box of `box` on `source` (voxel
 * edges: index lo-0.5 .. hi+0.5 on every axis), through world coordinates.
 */
export function boxOnGrid(source: Geometry, box: IndexBox, target: Geometry): { min: Vec3; max: Vec3 } {
  const a = indexToIndexAffine(source, target);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const p = [c & 1 ? box.hi[0] + 0.5 : box.lo[0] - 0.5, c & 2 ? box.hi[1] + 0.5 : box.lo[1] - 0.5, c & 4 ? box.hi[2] + 0.5 : box.lo[2] - 0.5];
    for (let r = 0; r < 3; r++) {
      const x = a[r * 4]! * p[0]! + a[r * 4 + 1]! * p[1]! + a[r * 4 + 2]! * p[2]! + a[r * 4 + 3]!;
      min[r] = Math.min(min[r]!, x);
      max[r] = Math.max(max[r]!, x);
    }
  }
  return { min: min as unknown as Vec3, max: max as unknown as Vec3 };
}

/**
 * The target voxels whose centres fall inside that physical box (continuous range from
 * boxOnGrid, whose voxel edges sit at +-0.5), as an inclusive integer box.
 */
export function coveringIndexBox(range: { min: Vec3; max: Vec3 }): IndexBox {
  const lo = range.min.map((x) => Math.ceil(x - 1e-6)) as unknown as Vec3;
  const hi = range.max.map((x) => Math.floor(x + 1e-6)) as unknown as Vec3;
  return { lo, hi: [Math.max(lo[0], hi[0]), Math.max(lo[1], hi[1]), Math.max(lo[2], hi[2])] };
}

/** Bounding boxes of labels 1..maxLabel in one pass over a label volume. */
export function labelBoxes(labels: ArrayLike<number>, dims: Vec3, maxLabel: number): (IndexBox | undefined)[] {
  const lo = Array.from({ length: maxLabel + 1 }, () => [Infinity, Infinity, Infinity]);
  const hi = Array.from({ length: maxLabel + 1 }, () => [-Infinity, -Infinity, -Infinity]);
  const [nx, ny, nz] = dims;
  let q = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, q++) {
        const l = labels[q]!;
        if (l === 0 || l > maxLabel) continue;
        const a = lo[l]!;
        const b = hi[l]!;
        if (i < a[0]!) a[0] = i;
        if (i > b[0]!) b[0] = i;
        if (j < a[1]!) a[1] = j;
        if (j > b[1]!) b[1] = j;
        if (k < a[2]!) a[2] = k;
        if (k > b[2]!) b[2] = k;
      }
    }
  }
  return lo.map((a, l) => (a[0] === Infinity ? undefined : { lo: a as unknown as Vec3, hi: hi[l]! as unknown as Vec3 }));
}
