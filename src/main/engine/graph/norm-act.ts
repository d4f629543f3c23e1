import { float, type GraphBuilder } from './builder';
import { channels, t, type T } from './tensor';

/**
 * Instance norm (per sample and channel over space, biased variance, like torch) followed by
 * PReLU. Inference uses ONNX's fused InstanceNormalization; the train graph spells the norm
 * out so its backward can reuse x-hat and 1/sigma.
 */
export interface NormActParams {
  readonly scale?: string; // [C] when affine
  readonly bias?: string; // [C] when affine
  readonly slope: string; // [1] or [C]
  readonly perChannel: boolean;
  readonly eps: number;
}

const SPACE = [2, 3, 4];

function slopeForPrelu(g: GraphBuilder, p: NormActParams, c: number): string {
  return p.perChannel ? g.reshape(p.slope, [c, 1, 1, 1]) : p.slope;
}

export function normActInference(g: GraphBuilder, x: T, p: NormActParams): T {
  const c = channels(x);
  const scale = p.scale ?? g.constF(new Array<number>(c).fill(1));
  const bias = p.bias ?? g.constF(new Array<number>(c).fill(0));
  const n = g.op('InstanceNormalization', [x.name, scale, bias], { epsilon: float(p.eps) }, 'inorm');
  return t(g.op('PRelu', [n, slopeForPrelu(g, p, c)], {}, 'prelu'), x.shape);
}

export interface NormActSaved {
  readonly xhat: string;
  readonly rstd: string;
  /** PReLU input (x-hat itself when the norm has no affine part). */
  readonly z: string;
}

export function normActTrain(g: GraphBuilder, x: T, p: NormActParams): { y: T; saved: NormActSaved } {
  const c = channels(x);
  const mean = g.reduceMean(x.name, SPACE);
  const xc = g.sub(x.name, mean);
  const v = g.reduceMean(g.mul(xc, xc), SPACE);
  const rstd = g.op('Reciprocal', [g.op('Sqrt', [g.add(v, g.scalar(p.eps))])]);
  const xhat = g.mul(xc, rstd);
  let z = xhat;
  if (p.scale && p.bias) {
    z = g.add(g.mul(xhat, g.reshape(p.scale, [1, c, 1, 1, 1])), g.reshape(p.bias, [1, c, 1, 1, 1]));
  }
  const y = g.op('PRelu', [z, slopeForPrelu(g, p, c)], {}, 'prelu');
  return { y: t(y, x.shape), saved: { xhat, rstd, z } };
}

export interface NormActGrads {
  readonly dx: T;
  readonly dSlope: string;
  readonly dScale?: string;
  readonly dBias?: string;
}

export function normActBackward(g: GraphBuilder, dy: T, saved: NormActSaved, p: NormActParams): NormActGrads {
  const c = channels(dy);
  // PReLU: dz = dy where z > 0, slope * dy elsewhere; dslope = sum(dy * min(z, 0)).
  const zero = g.scalar(0);
  const pos = g.op('Greater', [saved.z, zero]);
  const dz = g.op('Where', [pos, dy.name, g.mul(dy.name, slopeForPrelu(g, p, c))]);
  const dyNeg = g.mul(dy.name, g.op('Min', [saved.z, zero]));
  const dSlope = p.perChannel ? g.reduceSum(dyNeg, [0, 2, 3, 4], false) : g.reshape(g.reduceSum(dyNeg, [0, 1, 2, 3, 4], false), [1]);
  let gh = dz;
  let dScale: string | undefined;
  let dBias: string | undefined;
  if (p.scale && p.bias) {
    dScale = g.reduceSum(g.mul(dz, saved.xhat), [0, 2, 3, 4], false);
    dBias = g.reduceSum(dz, [0, 2, 3, 4], false);
    gh = g.mul(dz, g.reshape(p.scale, [1, c, 1, 1, 1]));
  }
  // dx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat))
  const m1 = g.reduceMean(gh, SPACE);
  const m2 = g.reduceMean(g.mul(gh, saved.xhat), SPACE);
  const inner = g.sub(g.sub(gh, m1), g.mul(saved.xhat, m2));
  const dx = g.mul(inner, saved.rstd);
  return { dx: t(dx, dy.shape), dSlope, ...(dScale ? { dScale } : {}), ...(dBias ? { dBias } : {}) };
}
