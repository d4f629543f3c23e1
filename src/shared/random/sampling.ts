import { mulberry32 } from '../network/init';
import { hashKeys } from './hash';

/**
 * Training randomness is a pure function of (seed, keys): the patch drawn at (epoch, index) is
 * the same whether the run went straight through or was killed and resumed, so the sampler
 * position is the whole RNG state a checkpoint needs.
 */
export type Random = () => number;

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
