import { labelComponents } from '../image/components';
import type { Vec3 } from '../volume/mat3';
import { diceFromCounts } from './dice';
import { dilateCube } from './dilate';

/**
 * Object-wise detection, the paper's ">= 25% overlap" rule made precise.
 *
 * Objects. A mask's objects are its 26-connected components after bridging gaps of up to
 * 2 * `joinVoxels` voxels (components of the mask dilated by a (2 * joinVoxels + 1)^3 cube,
 * restricted to the mask's own voxels): the detached spicules of one lesion, or a prediction
 * broken into specks around it, stay one object. Default joinVoxels 1; 0 = plain components.
 * Ground truth may instead be read as an instance map (`gtObjects: 'labels'`): each distinct
 * non-zero value is one tumour, however its voxels are connected.
 *
 * Matching, with t = `minOverlap` (default 0.25) and |p ∩ g| the voxels shared:
 *  - a ground-truth tumour g is FOUND when one predicted object covers at least t of it:
 *    |p ∩ g| >= t |g|; otherwise it is a false negative (recall = found / tumours);
 *  - a predicted object p is a TRUE POSITIVE when it finds a tumour or at least t of p lies
 *    on one tumour (|p ∩ g| >= t |p|, e.g. a small piece of a large tumour); otherwise it is a
 *    false positive (precision = true positives / predicted objects);
 *  - F1 = 2PR / (P + R). An empty side is vacuously perfect (no predictions: precision 1; no
 *    tumours: recall 1), so a scan with neither scores 1, one with only misses or only false
 *    positives scores F1 = 0;
 *  - DSC-TP is the Dice between the true-positive predicted objects and the found tumours
 *    (segmentation quality where detection worked); null when nothing matched.
 */
export const DEFAULT_MIN_OVERLAP = 0.25;
export const DEFAULT_JOIN_VOXELS = 1;

export interface ObjectOptions {
  readonly minOverlap?: number;
  /** 'components' (default) or 'labels': ground-truth objects are the distinct non-zero values. */
  readonly gtObjects?: 'components' | 'labels';
  readonly joinVoxels?: number;
}

export interface ObjectMetrics {
  readonly predObjects: number;
  readonly gtObjects: number;
  /** Predicted objects that are true positives. */
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

interface Objects {
  readonly labels: Int32Array;
  readonly count: number;
  /** Voxels per object; sizes[0] unused. */
  readonly sizes: number[];
}

/** Distinct non-zero labels renumbered 1..n in order of value. */
function labelObjects(gt: ArrayLike<number>): Objects {
  const ids = new Map<number, number>();
  for (let q = 0; q < gt.length; q++) {
    const v = gt[q]!;
    if (v !== 0 && !ids.has(v)) ids.set(v, 0);
  }
  [...ids.keys()].sort((a, b) => a - b).forEach((v, n) => ids.set(v, n + 1));
  const labels = new Int32Array(gt.length);
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

/** Components of the mask with gaps of up to 2 * join voxels bridged, numbered 1..n, on the mask's voxels only. */
export function groupedComponents(mask: ArrayLike<number>, dims: Vec3, join: number = DEFAULT_JOIN_VOXELS): Objects {
  const c = labelComponents(join > 0 ? dilateCube(mask, dims, join) : mask, dims, 26);
  const renumber = new Int32Array(c.count + 1);
  const labels = new Int32Array(mask.length);
  const sizes: number[] = [0];
  for (let q = 0; q < mask.length; q++) {
    if (mask[q] === 0) continue;
    const id = c.labels[q]!;
    if (renumber[id] === 0) {
      sizes.push(0);
      renumber[id] = sizes.length - 1;
    }
    const r = renumber[id]!;
    labels[q] = r;
    sizes[r]!++;
  }
  return { labels, count: sizes.length - 1, sizes };
}

export function precisionRecallF1(tpPred: number, nPred: number, tpGt: number, nGt: number): { precision: number; recall: number; f1: number } {
  const precision = nPred === 0 ? 1 : tpPred / nPred;
  const recall = nGt === 0 ? 1 : tpGt / nGt;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function objectMetrics(pred: ArrayLike<number>, gt: ArrayLike<number>, dims: Vec3, options: ObjectOptions = {}): ObjectMetrics {
  if (pred.length !== gt.length) throw new Error(`objectMetrics: ${pred.length} vs ${gt.length} voxels (different grids)`);
  const t = options.minOverlap ?? DEFAULT_MIN_OVERLAP;
  const join = options.joinVoxels ?? DEFAULT_JOIN_VOXELS;
  const p = groupedComponents(pred, dims, join);
  const g = options.gtObjects === 'labels' ? labelObjects(gt) : groupedComponents(gt, dims, join);
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
    const finds = n >= t * g.sizes[b]!;
    if (finds) gtFound[b] = 1;
    if (finds || n >= t * p.sizes[a]!) predTp[a] = 1;
  }
  let tpPred = 0;
  let tpGt = 0;
  for (let a = 1; a <= p.count; a++) tpPred += predTp[a]!;
  for (let b = 1; b <= g.count; b++) tpGt += gtFound[b]!;
  let diceTp: number | null = null;
  if (tpPred > 0 && tpGt > 0) {
    let np = 0;
    let ng = 0;
    let both = 0;
    for (let q = 0; q < p.labels.length; q++) {
      const a = p.labels[q] !== 0 && predTp[p.labels[q]!] === 1;
      const b = g.labels[q] !== 0 && gtFound[g.labels[q]!] === 1;
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
