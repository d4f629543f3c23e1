import { paramLayout, type ParamLayout } from './params';
import type { UNetSpec } from './spec';

/**
 * Fresh weights the way torch initialises Conv3d / ConvTranspose3d (kaiming-uniform with
 * a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias, where fan_in is
 * size(1) * 27 of the weight tensor), norm scale 1 / bias 0, PReLU slopes at spec.act.init.
 * Deterministic for a seed, so a training run can be reproduced.
 */
export function initParams(spec: UNetSpec, seed: number, layout: ParamLayout = paramLayout(spec)): Float32Array {
  const flat = new Float32Array(layout.total);
  const rand = mulberry32(seed);
  const fanIn = new Map<string, number>();
  for (const e of layout.entries) {
    if (e.role === 'w') fanIn.set(e.layer, (e.shape[1] as number) * 27);
  }
  for (const e of layout.entries) {
    const view = flat.subarray(e.offset, e.offset + e.size);
    if (e.role === 'w' || e.role === 'b') {
      const bound = 1 / Math.sqrt(fanIn.get(e.layer) ?? 1);
      for (let i = 0; i < view.length; i++) view[i] = (rand() * 2 - 1) * bound;
    } else if (e.role === 'norm_scale') {
      view.fill(1);
    } else if (e.role === 'norm_bias') {
      view.fill(0);
    } else {
      view.fill(spec.act.init);
    }
  }
  return flat;
}

/** Small, fast, seedable PRNG (uniform in [0, 1)); good enough for initialisation and sampling. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
