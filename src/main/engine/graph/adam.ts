import type { GraphBuilder } from './builder';

/**
 * Bias-corrected Adam, written as torch.optim.Adam computes it:
 *   m' = b1 m + (1 - b1) g ;  v' = b2 v + (1 - b2) g^2 ;  t' = t + 1
 *   p' = p - lr / (1 - b1^t') * m' / (sqrt(v') / sqrt(1 - b2^t') + eps)
 * The update is memory-bound (every op is one pass over all weights: hundreds of ms per step
 * for the 31.6 M-weight student), so everything that is not per-element lives in scalars
 * computed once: the gradient scale and the finite gate are folded into the coefficients
 * instead of costing a pass (or three Where passes over p, m, v) per parameter.
 */
export interface AdamHyper {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

export const DEFAULT_ADAM: AdamHyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Per-step scalars ([1] or []), shared by every parameter's update. */
export interface AdamScalars {
  /** b1, or 1 when the update is skipped. */
  readonly b1: string;
  /** (1 - b1) * scale, or -0 when skipped. */
  readonly c1: string;
  /** b2, or 1 when skipped. */
  readonly b2: string;
  /** (1 - b2) * scale^2, or -0 when skipped. */
  readonly c2: string;
  /** 1 / sqrt(1 - b2^t') */
  readonly invSqrtBc2: string;
  /** eps, or +inf when skipped. */
  readonly eps: string;
  /** lr / (1 - b1^t') */
  readonly stepSize: string;
}

export interface AdamGate {
  /** Multiplies every gradient (1 / patches for an accumulated gradient). */
  readonly scale?: string;
  /**
   * Bool [1]: when false the update must leave p, m and v exactly as they were. The caller
   * zeroes the gradient (gateGrad); with these coefficients m' = m * 1 + (-0), v' likewise,
   * and p' = p - (m / inf) * lr' = p - (+-0): identities in IEEE arithmetic (only a weight
   * of exactly -0 whose m is also -0 would come back as +0).
   */
  readonly finite?: string;
}

export function adamScalars(g: GraphBuilder, step: string, lr: string, h: AdamHyper, gate: AdamGate = {}): AdamScalars {
  const t2 = g.add(step, g.scalar(1));
  const one = g.scalar(1);
  const bc1 = g.sub(one, g.op('Pow', [g.scalar(h.beta1), t2]));
  const bc2 = g.sub(one, g.op('Pow', [g.scalar(h.beta2), t2]));
  let c1 = g.scalar(1 - h.beta1);
  let c2 = g.scalar(1 - h.beta2);
  if (gate.scale) {
    c1 = g.mul(c1, gate.scale);
    c2 = g.mul(c2, g.mul(gate.scale, gate.scale));
  }
  const pick = (v: string, skipped: number): string => (gate.finite ? g.op('Where', [gate.finite, v, g.scalar(skipped)]) : v);
  return {
    b1: pick(g.scalar(h.beta1), 1),
    c1: pick(c1, -0),
    b2: pick(g.scalar(h.beta2), 1),
    c2: pick(c2, -0),
    invSqrtBc2: g.op('Reciprocal', [g.op('Sqrt', [bc2])]),
    eps: pick(g.scalar(h.eps), Number.POSITIVE_INFINITY),
    stepSize: g.div(lr, bc1),
  };
}

/** The gradient as the update may read it: zero when the step is skipped (it may hold NaN). */
export function gateGrad(g: GraphBuilder, grad: string, gate: AdamGate): string {
  return gate.finite ? g.op('Where', [gate.finite, grad, g.scalar(0)]) : grad;
}

/** One parameter's update: 13 element-wise passes (the gradient already gated). */
export function adamParam(g: GraphBuilder, p: string, m: string, v: string, grad: string, s: AdamScalars): { p: string; m: string; v: string } {
  const m2 = g.add(g.mul(m, s.b1), g.mul(grad, s.c1));
  const v2 = g.add(g.mul(v, s.b2), g.mul(grad, g.mul(grad, s.c2)));
  const denom = g.add(g.mul(g.op('Sqrt', [v2]), s.invSqrtBc2), s.eps);
  const p2 = g.sub(p, g.mul(g.div(m2, denom), s.stepSize));
  return { p: p2, m: m2, v: v2 };
}
