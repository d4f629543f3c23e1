import { describe, expect, it } from 'vitest';
import { averageWeights } from '../../../src/main/engine/average-weights';
import { checkCardAgainst, makeModelCard } from '../../../src/main/engine/card';
import { initParams } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { TINY, TINY_DO } from './synthetic';

const model = (spec: typeof TINY, seed: number, name: string) => {
  const params = initParams(spec, seed);
  const card = makeModelCard(spec, params, { source: 'trained', data: 'synthetic spheres', syntheticOnly: true, trainingSteps: 10 * seed, notes: ['run A'] }, { metrics: { val_dice: 0.5 } });
  return { card: { ...card, postprocess: { threshold: 0.7, minVolumeMl: 0.5, minPeak: 0.9, lungFilter: false, basis: 'sweep' } }, params, name };
};

describe('averageWeights', () => {
  it('gives the element-wise mean of three epochs, with a card that fits it and names them', () => {
    const ins = [model(TINY, 1, 'epoch-018.ckpt'), model(TINY, 2, 'epoch-019.ckpt'), model(TINY, 3, 'epoch-020.ckpt')];
    const { card, params } = unwrap(averageWeights(ins));
    let worst = 0;
    for (let i = 0; i < params.length; i++) {
      const want = (ins[0]!.params[i]! + ins[1]!.params[i]! + ins[2]!.params[i]!) / 3;
      worst = Math.max(worst, Math.abs(params[i]! - want));
    }
    expect(worst).toBeLessThan(1e-7);
    // Not one of the inputs: the mean differs from each.
    expect(params).not.toEqual(ins[2]!.params);
    unwrap(checkCardAgainst(card, params, TINY, 'averaged'));
    expect(card.provenance.trainingSteps).toBe(30);
    expect(card.provenance.notes.at(-1)).toBe('weights averaged over 3 models: epoch-018.ckpt, epoch-019.ckpt, epoch-020.ckpt');
    // The inputs' figures and chosen post-processing do not describe the mean.
    expect(card.metrics).toEqual({});
    expect(card.postprocess).toBeUndefined();
  });

  it('returns one model unchanged bit for bit', () => {
    const one = model(TINY, 4, 'only.ckpt');
    expect(unwrap(averageWeights([one])).params).toEqual(one.params);
  });

  it('refuses weights of another network and an empty list, naming the problem', () => {
    const r = averageWeights([model(TINY, 1, 'a.ckpt'), model(TINY_DO, 1, 'b.onnx')]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/b\.onnx is a different network .* from a\.ckpt/);
    const empty = averageWeights([]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error).toMatch(/at least one model/);
  });
});
