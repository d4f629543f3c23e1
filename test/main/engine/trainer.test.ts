import { describe, expect, it } from 'vitest';
import { createTrainer, type Trainer } from '../../../src/main/engine';
import { DEFAULT_ADAM } from '../../../src/main/engine/graph/adam';
import { DEFAULT_CONV_IMPL } from '../../../src/main/engine/graph/tensor';
import { buildTrainGraph, trainableParams } from '../../../src/main/engine/graph/train-graph';
import { initParams, paramLayout } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { runModel } from './fixture';
import { cases, dice, TINY, TINY_DO } from './synthetic';

const N = 24;
const SHAPE: [number, number, number] = [N, N, N];

async function evaluate(t: Trainer, set: ReturnType<typeof cases>): Promise<{ loss: number; dice: number }> {
  let loss = 0;
  let d = 0;
  for (const c of set) {
    const r = unwrap(await t.evaluate(c.image, { mask: c.mask, box: c.box }));
    loss += r.loss;
    d += dice(r.probs.mask as Float32Array, c.mask);
  }
  return { loss: loss / set.length, dice: d / set.length };
}

describe('trainer', () => {
  it('learns: Dice loss drops clearly on training data and the model generalises to unseen volumes', async () => {
    const train = cases(N, 8, 5);
    const unseen = cases(N, 4, 99);
    const t = unwrap(await createTrainer(TINY, { patchShape: SHAPE, lr: 2e-2, seed: 3, threads: 2 }));
    try {
      const before = await evaluate(t, unseen);
      const losses: number[] = [];
      for (let i = 0; i < 80; i++) {
        const c = train[i % train.length] as (typeof train)[number];
        const r = unwrap(await t.step(c.image, c.mask));
        expect(r.applied).toBe(true);
        losses.push(r.loss);
      }
      const after = await evaluate(t, unseen);
      const firstEpoch = losses.slice(0, 8).reduce((a, b) => a + b) / 8;
      const lastEpoch = losses.slice(-8).reduce((a, b) => a + b) / 8;
      console.log(`learning: train loss ${firstEpoch.toFixed(3)} -> ${lastEpoch.toFixed(3)}; unseen loss ${before.loss.toFixed(3)} -> ${after.loss.toFixed(3)}, unseen Dice ${before.dice.toFixed(3)} -> ${after.dice.toFixed(3)}`);
      expect(lastEpoch).toBeLessThan(firstEpoch * 0.6);
      expect(after.loss).toBeLessThan(before.loss * 0.5);
      expect(after.dice).toBeGreaterThan(0.6);
      expect(t.updates).toBe(80);
    } finally {
      t.dispose();
    }
  });

  it('accumulating two copies of a patch gives exactly the single-patch update', async () => {
    const [c] = cases(N, 1, 7);
    if (!c) throw new Error('no case');
    const one = unwrap(await createTrainer(TINY_DO, { patchShape: SHAPE, lr: 1e-2, seed: 11 }));
    const two = unwrap(await createTrainer(TINY_DO, { patchShape: SHAPE, lr: 1e-2, seed: 11, accumulate: 2 }));
    try {
      const targets = { mask: c.mask, box: c.box };
      const p0 = two.params();
      const r1 = unwrap(await one.step(c.image, targets));
      const a = unwrap(await two.step(c.image, targets));
      expect(a.applied).toBe(false);
      expect(two.pending).toBe(1);
      expect(two.params()).toEqual(p0); // nothing applied yet
      const b = unwrap(await two.step(c.image, targets));
      expect(b.applied).toBe(true);
      expect(two.pending).toBe(0);
      expect(a.loss).toBeCloseTo(r1.loss, 6);
      const p1 = one.params();
      const p2 = two.params();
      let maxDiff = 0;
      for (let i = 0; i < p1.length; i++) maxDiff = Math.max(maxDiff, Math.abs((p1[i] as number) - (p2[i] as number)));
      expect(maxDiff).toBeLessThan(1e-6);
      expect(two.updates).toBe(1);
      // The update really moved the weights.
      expect(p0.some((v, i) => Math.abs(v - (p1[i] as number)) > 1e-4)).toBe(true);
    } finally {
      one.dispose();
      two.dispose();
    }
  });

  it('flush applies a partial accumulation; checkpoints resume the exact state', async () => {
    const data = cases(N, 3, 21);
    const t = unwrap(await createTrainer(TINY, { patchShape: SHAPE, lr: 5e-3, seed: 2, accumulate: 4 }));
    try {
      for (const c of data) unwrap(await t.step(c.image, c.mask));
      expect(t.pending).toBe(3);
      expect(unwrap(await t.flush())).toBe(true);
      expect(unwrap(await t.flush())).toBe(false);
      const ck = t.checkpoint({ source: 'trained', data: 'synthetic spheres', syntheticOnly: true, trainingSteps: 3 }, { val_loss: 0.5 });
      expect(ck.adam?.step).toBe(1);
      expect(ck.card.provenance.notes.join(' ')).toMatch(/synthetic/);
      const resumed = unwrap(await createTrainer(TINY, { patchShape: SHAPE, lr: 5e-3, seed: 999, accumulate: 1 }, ck));
      const cont = unwrap(await createTrainer(TINY, { patchShape: SHAPE, lr: 5e-3, seed: 2, accumulate: 1 }, ck));
      try {
        const c = data[0] as (typeof data)[number];
        unwrap(await resumed.step(c.image, c.mask));
        unwrap(await cont.step(c.image, c.mask));
        expect(resumed.params()).toEqual(cont.params());
        expect(resumed.updates).toBe(2);
      } finally {
        resumed.dispose();
        cont.dispose();
      }
    } finally {
      t.dispose();
    }
  });

  it('updating in place (outputs written over their inputs) equals a run with separate output buffers', async () => {
    const [c] = cases(N, 1, 17);
    if (!c) throw new Error('no case');
    const layout = paramLayout(TINY_DO);
    const live = trainableParams(TINY_DO, layout);
    const p0 = initParams(TINY_DO, 9, layout);
    const zeros = new Float32Array(layout.total);
    const view = (kind: string, entries: readonly (typeof live)[number][], flat: Float32Array) =>
      Object.fromEntries(entries.map((e) => [`${kind}:${e.name}`, { data: flat.slice(e.offset, e.offset + e.size), dims: e.shape }]));
    const graph = buildTrainGraph(TINY_DO, SHAPE, { kind: 'step', impl: DEFAULT_CONV_IMPL, loss: { bceWeight: 0 }, adam: DEFAULT_ADAM });
    const out = await runModel(graph, {
      ...view('p', layout.entries, p0),
      ...view('m', live, zeros),
      ...view('v', live, zeros),
      step: { data: Float32Array.of(0), dims: [1] },
      lr: { data: Float32Array.of(1e-2), dims: [1] },
      image: { data: c.image, dims: [1, 1, ...SHAPE] },
      target_mask: { data: c.mask, dims: [1, 1, ...SHAPE] },
      target_box: { data: c.box, dims: [1, 1, ...SHAPE] },
    });
    const expected = p0.slice();
    for (const e of live) expected.set(out[`p:${e.name}:out`] as Float32Array, e.offset);
    // One thread on both sides: the same reduction order, so the results must be bit-identical.
    const t = unwrap(await createTrainer(TINY_DO, { patchShape: SHAPE, lr: 1e-2, seed: 9, threads: 1 }));
    try {
      unwrap(await t.step(c.image, { mask: c.mask, box: c.box }));
      expect(t.params()).toEqual(expected);
      expect(expected).not.toEqual(p0);
    } finally {
      t.dispose();
    }
  });

  it('a non-finite loss changes nothing: weights, Adam state and accumulators stay as they were', async () => {
    const [c] = cases(N, 1, 3);
    if (!c) throw new Error('no case');
    const poisoned = c.image.slice();
    poisoned[100] = Number.NaN;
    for (const accumulate of [1, 2]) {
      const t = unwrap(await createTrainer(TINY, { patchShape: SHAPE, seed: 5, accumulate }));
      try {
        unwrap(await t.step(c.image, c.mask));
        const before = t.checkpoint({ source: 'trained' });
        expect(await t.step(poisoned, c.mask)).toMatchObject({ ok: false, error: expect.stringMatching(/loss became NaN/) });
        const after = t.checkpoint({ source: 'trained' });
        expect(after.params).toEqual(before.params);
        expect(after.adam?.m).toEqual(before.adam?.m);
        expect(after.adam?.v).toEqual(before.adam?.v);
        expect(t.pending).toBe(accumulate === 1 ? 0 : 1);
        // Training continues normally afterwards.
        expect(unwrap(await t.step(c.image, c.mask)).applied).toBe(true);
      } finally {
        t.dispose();
      }
    }
  });

  it('trains on crops of several sizes with one set of weights (a graph per size) and accumulates across them', async () => {
    const [c] = cases(N, 1, 31);
    if (!c) throw new Error('no case');
    const crop = (v: Float32Array, [d, h, w]: number[]) => {
      const out = new Float32Array((d as number) * (h as number) * (w as number));
      for (let z = 0; z < (d as number); z++) for (let y = 0; y < (h as number); y++) for (let x = 0; x < (w as number); x++) out[(z * (h as number) + y) * (w as number) + x] = v[(z * N + y) * N + x] as number;
      return out;
    };
    const t = unwrap(await createTrainer(TINY, { patchShape: SHAPE, seed: 4, accumulate: 2, lr: 1e-2 }));
    try {
      const before = t.params();
      const small: [number, number, number] = [16, 20, 12];
      expect(unwrap(await t.step(c.image, c.mask)).applied).toBe(false);
      expect(unwrap(await t.step(crop(c.image, small), crop(c.mask, small), small)).applied).toBe(true);
      expect(t.params()).not.toEqual(before);
      const ev = unwrap(await t.evaluate(crop(c.image, small), crop(c.mask, small), small));
      expect(ev.probs.mask?.length).toBe(16 * 20 * 12);
      expect(await t.step(c.image, c.mask, [16, 20, 10])).toMatchObject({ ok: false, error: expect.stringMatching(/multiple of 4/) });
    } finally {
      t.dispose();
    }
  });

  it('refuses bad inputs with clear messages', async () => {
    expect(await createTrainer(TINY, { patchShape: [24, 24, 30] })).toMatchObject({ ok: false, error: expect.stringMatching(/multiple of 4/) });
    const t = unwrap(await createTrainer(TINY_DO, { patchShape: SHAPE }));
    try {
      const img = new Float32Array(N ** 3);
      expect(await t.step(new Float32Array(10), { mask: img, box: img })).toMatchObject({ ok: false, error: expect.stringMatching(/image patch holds 10/) });
      expect(await t.step(img, { mask: img })).toMatchObject({ ok: false, error: expect.stringMatching(/missing the "box" target/) });
      const other = unwrap(await createTrainer(TINY, { patchShape: SHAPE }));
      const ck = other.checkpoint({ source: 'initialised' });
      other.dispose();
      expect(t.load(ck)).toMatchObject({ ok: false, error: expect.stringMatching(/heads/) });
    } finally {
      t.dispose();
    }
  });
});
