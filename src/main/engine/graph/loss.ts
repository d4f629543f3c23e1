import type { GraphBuilder } from './builder';
import { numel, t, type T } from './tensor';

/**
 * Soft Dice on sigmoid outputs, as MONAI's DiceLoss (smooth e in numerator and denominator,
 * per channel over space, then averaged): every head's channels count as channels of one
 * concatenated output, exactly how the paper's DO student trains [mask, box] together.
 * An optional BCE term (mean over all voxels) is added with weight `bceWeight`.
 */
export const DICE_SMOOTH = 1e-5;

export interface LossTerms {
  readonly bceWeight: number;
  /**
   * The smooth e, default MONAI's 1e-5. On a patch with no tumour a channel's loss is
   * P / (P + e) (P the sum of its probabilities), whose gradient e / (P + e)^2 is nil at 1e-5:
   * such a patch never penalises a false positive. An e of some tens of voxels gives it one.
   */
  readonly diceSmooth?: number;
  /**
   * When true the graph takes a `weight_<head>` input per head (the target's shape) and the
   * BCE term weighs each voxel by it. Used to balance tumours by instance: without it a 4 mm
   * nodule's few dozen voxels weigh nothing in a mean over the whole patch.
   */
  readonly voxelWeights?: boolean;
}

export const weightInputName = (head: string): string => `weight_${head}`;

export interface LossResult {
  /** Scalar loss, shape [1]. */
  readonly loss: string;
  /** dL/dlogits, one per head, same shapes as the logits. */
  readonly dLogits: readonly T[];
}

/** `weights[h]` is head h's voxel-weight input; required (one per head) when `terms.voxelWeights`. */
export function diceLoss(g: GraphBuilder, logits: readonly T[], targets: readonly string[], terms: LossTerms, weights: readonly string[] = []): LossResult {
  if (terms.voxelWeights && weights.length !== logits.length) throw new Error(`voxel-weighted BCE needs one weight input per head, got ${weights.length} for ${logits.length}`);
  const totalCh = logits.reduce((a, z) => a + (z.shape[1] as number), 0);
  const totalEl = logits.reduce((a, z) => a + numel(z.shape), 0);
  const e = g.scalar(terms.diceSmooth ?? DICE_SMOOTH);
  const space = [0, 2, 3, 4];
  const diceSums: string[] = [];
  const dLogits: T[] = [];
  const bceSums: string[] = [];
  logits.forEach((z, h) => {
    const y = targets[h] as string;
    const p = g.op('Sigmoid', [z.name]);
    const inter = g.reduceSum(g.mul(p, y), space); // [1, C, 1, 1, 1]
    const s = g.add(g.add(g.reduceSum(p, space), g.reduceSum(y, space)), e);
    const num = g.add(g.mul(g.scalar(2), inter), e);
    diceSums.push(g.reduceSum(g.div(num, s), [0, 1, 2, 3, 4], false));
    // dL/dp = (num / s^2 - 2 y / s) / totalCh ; dL/dz = dL/dp * p (1 - p)
    const a = g.op('Reciprocal', [s]);
    const b = g.mul(num, g.mul(a, a));
    const dp = g.mul(g.sub(b, g.mul(y, g.mul(g.scalar(2), a))), g.scalar(1 / totalCh));
    let dz = g.mul(dp, g.mul(p, g.sub(g.scalar(1), p)));
    if (terms.bceWeight > 0) {
      // softplus(z) - y z, written stably: max(z, 0) - y z + log(1 + exp(-|z|))
      const sp = g.add(g.op('Relu', [z.name]), g.op('Log', [g.add(g.scalar(1), g.op('Exp', [g.op('Neg', [g.op('Abs', [z.name])])]))]));
      const w = terms.voxelWeights ? weights[h] : undefined;
      const bce = g.sub(sp, g.mul(y, z.name));
      bceSums.push(g.reduceSum(w ? g.mul(bce, w) : bce, [0, 1, 2, 3, 4], false));
      const dBce = g.sub(p, y);
      dz = g.add(dz, g.mul(w ? g.mul(dBce, w) : dBce, g.scalar(terms.bceWeight / totalEl)));
    }
    dLogits.push(t(dz, z.shape));
  });
  let loss = g.sub(g.scalar(1), g.mul(g.sum(diceSums), g.scalar(1 / totalCh)));
  if (bceSums.length > 0) loss = g.add(loss, g.mul(g.sum(bceSums), g.scalar(terms.bceWeight / totalEl)));
  return { loss: g.reshape(loss, [1]), dLogits };
}
