import type { Vec3 } from '../volume/mat3';
import { diceFromCounts, overlapCounts } from './dice';
import { objectMetrics, precisionRecallF1, type ObjectOptions } from './objects';

/**
 * One case's figures (JSON keys in snake_case, as `lungts evaluate --json` prints them), and
 * the summary over a set. The definitions live in objects.ts and docs/pipeline.md.
 */
export interface CaseMetrics {
  readonly id: string;
  readonly dice: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly dice_tp: number | null;
  readonly pred_voxels: number;
  readonly gt_voxels: number;
  readonly overlap_voxels: number;
  readonly pred_objects: number;
  readonly gt_objects: number;
  readonly tp_pred: number;
  readonly tp_gt: number;
  readonly fp: number;
  readonly fn: number;
}

export interface SummaryMetrics {
  readonly cases: number;
  /** Mean of the per-case Dice. */
  readonly dice: number;
  readonly dice_median: number;
  /** Dice of all voxels of all cases pooled (large tumours weigh more). */
  readonly dice_pooled: number;
  /** Object counts pooled over the cases, then precision / recall / F1 once (micro average). */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Mean of the per-case F1 (macro average). */
  readonly f1_case_mean: number;
  /** Mean DSC-TP over the cases where at least one object matched; null when none did. */
  readonly dice_tp: number | null;
  readonly tp_pred: number;
  readonly tp_gt: number;
  readonly fp: number;
  readonly fn: number;
  readonly pred_voxels: number;
  readonly gt_voxels: number;
  readonly overlap_voxels: number;
}

export function evaluateCase(id: string, pred: ArrayLike<number>, gt: ArrayLike<number>, dims: Vec3, options: ObjectOptions = {}): CaseMetrics {
  const counts = overlapCounts(pred, gt);
  const o = objectMetrics(pred, gt, dims, options);
  return {
    id,
    dice: diceFromCounts(counts),
    precision: o.precision,
    recall: o.recall,
    f1: o.f1,
    dice_tp: o.diceTp,
    pred_voxels: counts.pred,
    gt_voxels: counts.gt,
    overlap_voxels: counts.both,
    pred_objects: o.predObjects,
    gt_objects: o.gtObjects,
    tp_pred: o.tpPred,
    tp_gt: o.tpGt,
    fp: o.fp,
    fn: o.fn,
  };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarise(cases: readonly CaseMetrics[]): SummaryMetrics {
  const sum = (f: (c: CaseMetrics) => number): number => cases.reduce((a, c) => a + f(c), 0);
  const tpPred = sum((c) => c.tp_pred);
  const tpGt = sum((c) => c.tp_gt);
  const nPred = sum((c) => c.pred_objects);
  const nGt = sum((c) => c.gt_objects);
  const prf = precisionRecallF1(tpPred, nPred, tpGt, nGt);
  const predVoxels = sum((c) => c.pred_voxels);
  const gtVoxels = sum((c) => c.gt_voxels);
  const both = sum((c) => c.overlap_voxels);
  const tps = cases.map((c) => c.dice_tp).filter((d): d is number => d !== null);
  return {
    cases: cases.length,
    dice: mean(cases.map((c) => c.dice)),
    dice_median: median(cases.map((c) => c.dice)),
    dice_pooled: diceFromCounts({ pred: predVoxels, gt: gtVoxels, both }),
    ...prf,
    f1_case_mean: mean(cases.map((c) => c.f1)),
    dice_tp: tps.length === 0 ? null : mean(tps),
    tp_pred: tpPred,
    tp_gt: tpGt,
    fp: nPred - tpPred,
    fn: nGt - tpGt,
    pred_voxels: predVoxels,
    gt_voxels: gtVoxels,
    overlap_voxels: both,
  };
}
