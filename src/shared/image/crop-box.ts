import type { Vec3 } from '../volume/mat3';

/** An integer index box, inclusive at both ends. */
export interface IndexBox {
  readonly lo: Vec3;
  readonly hi: Vec3;
}

/** Tight box of the voxels where `labels[q] === label` (any non-zero label when label is undefined). */
export function labelBoundingBox(labels: ArrayLike<number>, dims: Vec3, label?: number): IndexBox | undefined {
  const [nx, ny, nz] = dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let q = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, q++) {
        const v = labels[q]!;
        if (label === undefined ? v === 0 : v !== label) continue;
        if (i < lo[0]!) lo[0] = i;
        if (i > hi[0]!) hi[0] = i;
        if (j < lo[1]!) lo[1] = j;
        if (j > hi[1]!) hi[1] = j;
        if (k < lo[2]!) lo[2] = k;
        if (k > hi[2]!) hi[2] = k;
      }
    }
  }
  if (lo[0] === Infinity) return undefined;
  return { lo: [lo[0]!, lo[1]!, lo[2]!], hi: [hi[0]!, hi[1]!, hi[2]!] };
}

/**
 * The student's crop: `box` grown by `margin` voxels on every side, then each size rounded up
 * to a multiple of `multiple` by growing both sides evenly (the odd voxel goes to the high
 * side). The crop may leave the volume; the caller pads.
 */
export function paddedCropBox(box: IndexBox, margin: Vec3, multiple: number): { start: Vec3; dims: Vec3 } {
  const start: number[] = [];
  const dims: number[] = [];
  for (let a = 0; a < 3; a++) {
    const lo = box.lo[a]! - margin[a]!;
    const size = box.hi[a]! + margin[a]! - lo + 1;
    const padded = Math.max(multiple, Math.ceil(size / multiple) * multiple);
    start.push(lo - Math.floor((padded - size) / 2));
    dims.push(padded);
  }
  return { start: start as unknown as Vec3, dims: dims as unknown as Vec3 };
}

/** A cube of `size` voxels whose centre is as close as the integer grid allows to `centre` (continuous index). */
export function centredCropBox(centre: Vec3, size: number): { start: Vec3; dims: Vec3 } {
  const start = centre.map((c) => Math.round(c - (size - 1) / 2)) as unknown as Vec3;
  return { start, dims: [size, size, size] };
}
