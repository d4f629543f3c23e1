import { labelComponents } from '../image/components';
import type { Vec3 } from '../volume/mat3';
import { diceFromCounts } from './dice';

/**
 * Object-wise detection, the paper's rule made precise.
 *
 * Objects are the 26-connected components of each mask (or, for the ground truth, optionally
 * the distinct non-zero labels of an instance map, so two touching tumours stay two).
 * A predicted object p and a ground-truth object g MATCH when p covers at least
 * `minOverlap` (default 25%) of g's voxels: |p ∩ g| >= minOverlap * |g|.
 *  - a ground-truth object is FOUND (a true positive for recall) when some predicted object
 *    matches it; otherwise it is a false negative;
 *  - a predicted object is a TRUE POSITIVE (for precision) when it matches some ground-truth
 *    object; otherwise it is a false positive (including a fragment that touches a tumour but
 *    covers less than 25% of it);
 *  - precision = TP_pred / #pred, recall = TP_gt / #gt, F1 = 2PR / (P + R). An empty side is
 *    vacuously perfect (no predictions: precision 1; no tumours: recall 1), so a scan with
 *    neither scores 1, and one with only false positives or only misses scores F1 = 0;
 *  - DSC-TP is the Dice between the union of the true-positive predicted objects and the
 *    union of the found ground-truth objects: segmentation quality where detection worked,
 *    undefined (null) when nothing matched.
 */
export const DEFAULT_MIN_OVERLAP = 0.25;

export interface ObjectOptions {
  readonly minOverlap?: number;
  /** 'components' (default) or 'labels': ground-truth objects are the distinct non-zero values. */
  readonly gtObjects?: 'components' | 'labels';
}

export interface ObjectMetrics {
  readonly predObjects: number;
  readonly gtObjects: number;
  /** Predicted objects that match a ground-truth object. */
  readonly tpPred: number;
  /** Ground-truth objects that are found. */
  readonly tpGt: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly diceTp: number | null;
}

/** Distinct non-zero labels renumbered 1..n in order of value; sizes[0] unused. */
function labelObjects(gt: ArrayLike<number>): { labels: Int32Array; count: number; sizes: number[] } {
  const ids = new Map<number, number>();
  const labels = new Int32Array(gt.length);
  for (let q = 0; q < gt.length; q++) {
    const v = gt[q]!;
    if (v !== 0 && !ids.has(v)) ids.set(v, 0);
  }
  [...ids.keys()].sort((a, b) => a - b).forEach((v, n) => ids.set(v, n + 1));
  const sizes = new Array<number>(ids.size + 1).fill(0);
  for (let q = 0; q < gt.length; q++) {
    const v = gt[q]!;
    if (v === 0) continue;
    const id = ids.get(v)!;
    labels[q] = id;
    sizes[id]!++;
  }
  return { labels, count: ids.size, sizes };
}

export function precisionRecallF1(tpPred: number, nPred: number, tpGt: number, nGt: number): { precision: number; recall: number; f1: number } {
  const precision = nPred === 0 ? 1 : tpPred / nPred;
  const recall = nGt === 0 ? 1 : tpGt / nGt;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function objectMetrics(pred: ArrayLike<number>, gt: ArrayLike<number>, dims: Vec3, options: ObjectOptions = {}): ObjectMetrics {
  if (pred.length !== gt.length) throw new Error(`objectMetrics: ${pred.length} vs ${gt.length} voxels (different grids)`);
  const minOverlap = options.minOverlap ?? DEFAULT_MIN_OVERLAP;
  const p = labelComponents(pred, dims, 26);
  const g = options.gtObjects === 'labels' ? labelObjects(gt) : labelComponents(gt, dims, 26);
  // Sparse overlap table: key p * (G + 1) + g -> voxels shared.
  const overlap = new Map<number, number>();
  const stride = g.count + 1;
  for (let q = 0; q < p.labels.length; q++) {
    const a = p.labels[q]!;
    if (a === 0) continue;
    const b = g.labels[q]!;
    if (b === 0) continue;
    const key = a * stride + b;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const predTp = new Uint8Array(p.count + 1);
  const gtFound = new Uint8Array(g.count + 1);
  for (const [key, n] of overlap) {
    const a = Math.floor(key / stride);
    const b = key % stride;
    if (n >= minOverlap * g.sizes[b]!) {
      predTp[a] = 1;
      gtFound[b] = 1;
    }
  }
  let tpPred = 0;
  let tpGt = 0;
  for (let a = 1; a <= p.count; a++) tpPred += predTp[a]!;
  for (let b = 1; b <= g.count; b++) tpGt += gtFound[b]!;
  let diceTp: number | null = null;
  if (tpPred > 0) {
    let np = 0;
    let ng = 0;
    let both = 0;
    for (let q = 0; q < p.labels.length; q++) {
      const a = predTp[p.labels[q]!] === 1 && p.labels[q] !== 0;
      const b = gtFound[g.labels[q]!] === 1 && g.labels[q] !== 0;
      if (a) np++;
      if (b) ng++;
      if (a && b) both++;
    }
    diceTp = diceFromCounts({ pred: np, gt: ng, both });
  }
  return {
    predObjects: p.count,
    gtObjects: g.count,
    tpPred,
    tpGt,
    fp: p.count - tpPred,
    fn: g.count - tpGt,
    ...precisionRecallF1(tpPred, p.count, tpGt, g.count),
    diceTp,
  };
}
