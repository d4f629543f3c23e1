import { mulberry32 } from '../../shared/network';

/**
 * Training randomness is a pure function of (seed, keys): the patch drawn at (epoch, index) is
 * the same whether the run went straight through or was killed and resumed, so the sampler
 * position is the whole RNG state a checkpoint needs.
 */
export type Random = () => number;

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashKeys(...keys: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const key of keys) {
    if (typeof key === 'number') {
      h = mix32(h ^ (key >>> 0));
      h = mix32(h ^ Math.floor(key / 4294967296));
    } else {
      for (let i = 0; i < key.length; i++) h = mix32(h ^ key.charCodeAt(i));
    }
    h = mix32(h + 0x9e3779b9);
  }
  return h;
}

export function randomFor(...keys: readonly (number | string)[]): Random {
  return mulberry32(hashKeys(...keys));
}

/** Uniform integer in [0, n). */
export function randInt(r: Random, n: number): number {
  return Math.min(n - 1, Math.floor(r() * n));
}

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(items: T[], r: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randInt(r, i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}
