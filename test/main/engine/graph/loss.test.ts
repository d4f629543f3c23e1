import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../src/main/engine/graph/builder';
import { diceLoss } from '../../../../src/main/engine/graph/loss';
import { t } from '../../../../src/main/engine/graph/tensor';
import { relError, runModel } from '../fixture';

// The Dice smooth decides whether a tumour-free patch teaches anything. The graph's loss and
// gradient are checked in float64 against the formula (loss) and central differences of it
// (gradient), on one head with an empty target and one with a small tumour.
const SHAPE = [1, 1, 3, 4, 5];
const N = 60;

function logits(seed: number): Float32Array {
  const z = new Float32Array(N);
  let s = seed;
  for (let i = 0; i < N; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    z[i] = (s / 2147483648) * 6 - 2; // -2..4: many confident false positives
  }
  return z;
}

/** 1 - (2 sum(p y) + e) / (sum(p) + sum(y) + e) + w * mean(v * BCE), in float64 (v: voxel weights, default 1). */
function reference(z: ArrayLike<number>, y: ArrayLike<number>, e: number, w: number, v?: ArrayLike<number>): number {
  let py = 0, sp = 0, sy = 0, bce = 0;
  for (let i = 0; i < N; i++) {
    const p = 1 / (1 + Math.exp(-z[i]!));
    py += p * y[i]!; sp += p; sy += y[i]!;
    bce += (v ? v[i]! : 1) * (Math.max(z[i]!, 0) - y[i]! * z[i]! + Math.log1p(Math.exp(-Math.abs(z[i]!))));
  }
  return 1 - (2 * py + e) / (sp + sy + e) + (w * bce) / N;
}

async function graphLoss(z: Float32Array, y: Float32Array, e: number | undefined, w: number, v?: Float32Array) {
  const g = new GraphBuilder();
  const zt = t(g.input('z', SHAPE), SHAPE);
  const weights = v ? [g.input('v', SHAPE)] : [];
  const r = diceLoss(g, [zt], [g.input('y', SHAPE)], { bceWeight: w, ...(e === undefined ? {} : { diceSmooth: e }), ...(v ? { voxelWeights: true } : {}) }, weights);
  g.output('loss', r.loss, [1]);
  g.output('dz', r.dLogits[0]!.name, SHAPE);
  const feeds = { z: { data: z, dims: SHAPE }, y: { data: y, dims: SHAPE }, ...(v ? { v: { data: v, dims: SHAPE } } : {}) };
  const out = await runModel({ graph: g.graph('loss'), producerVersion: 'test', metadata: {} }, feeds);
  return { loss: out.loss![0]!, dz: out.dz! };
}

describe('soft Dice smooth', () => {
  const z = logits(7);
  const empty = new Float32Array(N);
  const tumour = new Float32Array(N).map((_, i) => (i % 7 === 0 ? 1 : 0));

  for (const [name, y] of [['empty target', empty], ['small tumour', tumour]] as const) {
    for (const e of [1e-5, 10]) {
      it(`${name}, e = ${e}: loss and gradient match the formula`, async () => {
        const r = await graphLoss(z, y, e, 1);
        expect(Math.abs(r.loss - reference(z, y, e, 1))).toBeLessThan(1e-5);
        const h = 1e-4;
        const fd = Array.from({ length: N }, (_, i) => {
          const zp = Array.from(z), zm = Array.from(z);
          zp[i]! += h; zm[i]! -= h;
          return (reference(zp, y, e, 1) - reference(zm, y, e, 1)) / (2 * h);
        });
        expect(relError(r.dz, fd)).toBeLessThan(1e-3);
      });
    }
  }

  it('without a smooth given, MONAI\'s 1e-5: an empty patch barely penalises false positives; e = 10 does', async () => {
    const dflt = await graphLoss(z, empty, undefined, 0);
    const ten = await graphLoss(z, empty, 10, 0);
    const maxAbs = (a: Float32Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(maxAbs(dflt.dz)).toBeLessThan(1e-6);
    expect(maxAbs(ten.dz)).toBeGreaterThan(1e-3);
    // Every gradient pushes a false positive down.
    expect(ten.dz.every((d) => d > 0)).toBe(true);
  });

  it('voxel weights: loss and gradient match the weighted formula, and weights of 1 change nothing', async () => {
    // The tumour voxels weigh 20 (a small tumour balanced up), background 1.
    const v = tumour.map((y) => (y ? 20 : 1));
    const r = await graphLoss(z, tumour, 100, 1, v);
    expect(Math.abs(r.loss - reference(z, tumour, 100, 1, v))).toBeLessThan(1e-5);
    const h = 1e-4;
    const fd = Array.from({ length: N }, (_, i) => {
      const zp = Array.from(z), zm = Array.from(z);
      zp[i]! += h; zm[i]! -= h;
      return (reference(zp, tumour, 100, 1, v) - reference(zm, tumour, 100, 1, v)) / (2 * h);
    });
    expect(relError(r.dz, fd)).toBeLessThan(1e-3);
    const ones = await graphLoss(z, tumour, 100, 1, new Float32Array(N).fill(1));
    const plain = await graphLoss(z, tumour, 100, 1);
    expect(Math.abs(ones.loss - plain.loss)).toBeLessThan(1e-6);
    expect(relError(ones.dz, Array.from(plain.dz))).toBeLessThan(1e-6);
    // A weighted tumour voxel is pushed up harder than an unweighted one.
    const i = 0;
    expect(r.dz[i]!).toBeLessThan(plain.dz[i]!);
  });

  it('refuses voxel weighting without one weight input per head', () => {
    const g = new GraphBuilder();
    const zt = t(g.input('z', SHAPE), SHAPE);
    expect(() => diceLoss(g, [zt], [g.input('y', SHAPE)], { bceWeight: 1, voxelWeights: true })).toThrow(/one weight input per head/);
  });
});
