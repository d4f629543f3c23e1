/**
 * Dice similarity coefficient (DSC) of two binary masks given as voxel arrays on one grid: a
 * voxel is foreground when its value is non-zero. Two empty masks agree perfectly (1): a scan
 * without tumour where nothing was predicted is a correct answer, not an undefined one.
 */
export interface OverlapCounts {
  readonly pred: number;
  readonly gt: number;
  readonly both: number;
}

export function overlapCounts(pred: ArrayLike<number>, gt: ArrayLike<number>): OverlapCounts {
  if (pred.length !== gt.length) throw new Error(`overlapCounts: ${pred.length} vs ${gt.length} voxels (different grids)`);
  let p = 0;
  let g = 0;
  let both = 0;
  for (let q = 0; q < pred.length; q++) {
    const a = pred[q] !== 0;
    const b = gt[q] !== 0;
    if (a) p++;
    if (b) g++;
    if (a && b) both++;
  }
  return { pred: p, gt: g, both };
}

export function diceFromCounts(c: OverlapCounts): number {
  const denom = c.pred + c.gt;
  return denom === 0 ? 1 : (2 * c.both) / denom;
}

export function dice(pred: ArrayLike<number>, gt: ArrayLike<number>): number {
  return diceFromCounts(overlapCounts(pred, gt));
}
