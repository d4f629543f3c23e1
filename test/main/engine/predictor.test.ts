import { beforeAll, describe, expect, it } from 'vitest';
import { createPredictor, createTrainer, type Predictor } from '../../../src/main/engine';
import { gaussianWeights, planTiles, tileOrigins } from '../../../src/main/engine/tiling';
import { unwrap } from '../../../src/shared/result';
import { cases, dice, syntheticCase, TINY } from './synthetic';
import { mulberry32 } from '../../../src/shared/network';

describe('tiling geometry', () => {
  it('covers every voxel with the requested overlap and stays inside', () => {
    expect(tileOrigins(100, 32, 0.25)).toEqual([0, 24, 48, 68]);
    expect(tileOrigins(32, 32, 0.25)).toEqual([0]);
    expect(tileOrigins(20, 32, 0.25)).toEqual([0]);
    const tiles = planTiles([40, 50, 33], [16, 16, 16], 0.5);
    const covered = new Uint8Array(40 * 50 * 33);
    for (const [d, h, w] of tiles) {
      expect(d + 16).toBeLessThanOrEqual(40);
      for (let z = 0; z < 16; z++) for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) covered[((d + z) * 50 + h + y) * 33 + w + x] = 1;
    }
    expect(covered.every((v) => v === 1)).toBe(true);
  });

  it('Gaussian importance peaks at 1 in the centre, is symmetric and never zero', () => {
    const w = gaussianWeights([8, 8, 8]);
    expect(Math.max(...w)).toBeCloseTo(1, 6);
    expect(Math.min(...w)).toBeGreaterThan(0);
    expect(w[0]).toBeCloseTo(w[w.length - 1] as number, 7);
    expect(w[((3 * 8 + 3) * 8) + 3]).toBeGreaterThan(w[((1 * 8 + 3) * 8) + 3] as number);
  });
});

describe('predictor', () => {
  let params: Float32Array;
  let evalProbs: Float32Array;
  const N = 24;
  const probe = cases(N, 1, 1234)[0] as ReturnType<typeof syntheticCase>;

  beforeAll(async () => {
    // A briefly trained tiny network, so predictions have structure worth comparing.
    const t = unwrap(await createTrainer(TINY, { patchShape: [N, N, N], lr: 2e-2, seed: 3 }));
    const train = cases(N, 8, 5);
    for (let i = 0; i < 80; i++) {
      const c = train[i % 8] as (typeof train)[number];
      unwrap(await t.step(c.image, c.mask));
    }
    params = t.params();
    evalProbs = unwrap(await t.evaluate(probe.image, probe.mask)).probs.mask as Float32Array;
    t.dispose();
  }, 120_000);

  function predictor(opts: Parameters<typeof createPredictor>[1] = {}): Predictor {
    return unwrap(createPredictor({ spec: TINY, params }, { threads: 2, ...opts }));
  }

  it('a whole crop gives the train graph\'s own probabilities', async () => {
    const r = unwrap(await predictor().predict(probe.image, [N, N, N]));
    expect(r.method).toBe('whole');
    expect(r.tiles).toBe(1);
    expect(r.ep.used).toBe('cpu');
    const p = r.probs.mask as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < p.length; i++) maxDiff = Math.max(maxDiff, Math.abs((p[i] as number) - (evalProbs[i] as number)));
    expect(maxDiff).toBeLessThan(1e-5);
    expect(dice(p, probe.mask)).toBeGreaterThan(0.6);
  });

  it('pads crops of any size to the stride multiple and maps back to the input grid', async () => {
    // Cut a 21x23x22 crop (not multiples of 4) out of the probe; the result has the crop's shape.
    const [d, h, w] = [21, 23, 22];
    const img = new Float32Array(d * h * w);
    const lab = new Float32Array(d * h * w);
    for (let z = 0; z < d; z++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      img[(z * h + y) * w + x] = probe.image[(z * N + y) * N + x] as number;
      lab[(z * h + y) * w + x] = probe.mask[(z * N + y) * N + x] as number;
    }
    const r = unwrap(await predictor().predict(img, [d, h, w]));
    expect(r.runShape).toEqual([24, 24, 24]);
    expect(r.probs.mask?.length).toBe(d * h * w);
    expect(dice(r.probs.mask as Float32Array, lab)).toBeGreaterThan(0.5);
  });

  it('tiles a crop over the voxel budget and blends the tiles', async () => {
    const big = syntheticCase(40, mulberry32(77));
    const whole = unwrap(await predictor().predict(big.image, [40, 40, 40]));
    const tiled = unwrap(await predictor({ maxVoxels: 24 ** 3, overlap: 0.5 }).predict(big.image, [40, 40, 40]));
    expect(whole.method).toBe('whole');
    expect(tiled.method).toBe('tiled');
    expect(tiled.runShape).toEqual([24, 24, 24]);
    expect(tiled.tiles).toBe(27);
    const t = tiled.probs.mask as Float32Array;
    expect(t.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Instance norm sees other statistics per tile, so tiles and whole differ a little but agree on the tumour.
    expect(dice(t, big.mask)).toBeGreaterThan(0.5);
    const wholeMask = Float32Array.from(whole.probs.mask as Float32Array, (v) => (v > 0.5 ? 1 : 0));
    expect(dice(t, wholeMask)).toBeGreaterThan(0.7);
  });

  it('reports progress, honours cancellation and refuses wrong sizes', async () => {
    const p = predictor({ maxVoxels: 16 ** 3, tileShape: [16, 16, 16] });
    const seen: number[] = [];
    const r = unwrap(await p.predict(probe.image, [N, N, N], { progress: (x) => seen.push(x.fraction) }));
    expect(r.tiles).toBe(8);
    expect(seen.at(-1)).toBe(1);
    const ac = new AbortController();
    ac.abort();
    expect(await p.predict(probe.image, [N, N, N], { signal: ac.signal })).toEqual({ ok: false, error: 'cancelled' });
    expect(await p.predict(new Float32Array(5), [N, N, N])).toMatchObject({ ok: false, error: expect.stringMatching(/holds 5 values/) });
    expect(createPredictor({ spec: TINY, params: new Float32Array(3) })).toMatchObject({ ok: false });
    expect(createPredictor({ spec: TINY, params }, { tileShape: [10, 16, 16] })).toMatchObject({ ok: false, error: expect.stringMatching(/multiples of 4/) });
  });
});
