import type { GraphBuilder } from './builder';

/**
 * Bias-corrected Adam, written as torch.optim.Adam computes it:
 *   m' = b1 m + (1 - b1) g ;  v' = b2 v + (1 - b2) g^2 ;  t' = t + 1
 *   p' = p - lr / (1 - b1^t') * m' / (sqrt(v') / sqrt(1 - b2^t') + eps)
 * The step-dependent scalars are computed once; the per-parameter part is element-wise.
 */
export interface AdamHyper {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export const DEFAULT_ADAM: AdamHyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export interface AdamScalars {
  /** lr / (1 - b1^t') */
  readonly stepSize: string;
  /** 1 / sqrt(1 - b2^t') */
  readonly invSqrtBc2: string;
}

export function adamScalars(g: GraphBuilder, step: string, lr: string, h: AdamHyper): AdamScalars {
  const t2 = g.add(step, g.scalar(1));
  const one = g.scalar(1);
  const bc1 = g.sub(one, g.op('Pow', [g.scalar(h.beta1), t2]));
  const bc2 = g.sub(one, g.op('Pow', [g.scalar(h.beta2), t2]));
  return { stepSize: g.div(lr, bc1), invSqrtBc2: g.op('Reciprocal', [g.op('Sqrt', [bc2])]) };
}

export function adamParam(g: GraphBuilder, p: string, m: string, v: string, grad: string, s: AdamScalars, h: AdamHyper): { p: string; m: string; v: string } {
  const m2 = g.add(g.mul(m, g.scalar(h.beta1)), g.mul(grad, g.scalar(1 - h.beta1)));
  const v2 = g.add(g.mul(v, g.scalar(h.beta2)), g.mul(g.mul(grad, grad), g.scalar(1 - h.beta2)));
  const denom = g.add(g.mul(g.op('Sqrt', [v2]), s.invSqrtBc2), g.scalar(h.eps));
  const p2 = g.sub(p, g.mul(g.div(m2, denom), s.stepSize));
  return { p: p2, m: m2, v: v2 };
}
