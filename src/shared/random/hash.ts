/**
 * Seeds hashed from (seed, labels...), so each random stream is a pure function of its names:
 * adding a draw in one place never shifts the numbers another place draws, and a killed and
 * resumed job draws what an uninterrupted one would.
 */

/** 32-bit integer hash (a murmur3 finaliser); good avalanche, cheap. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashParts(start: number, step: number, parts: readonly (number | string)[]): number {
  let h = start;
  for (const p of parts) {
    if (typeof p === 'number') {
      // Split into two 32-bit halves so seeds above 2^32 still differ.
      h = mix32(h ^ (p >>> 0));
      h = mix32(h ^ Math.floor(p / 4294967296));
    } else {
      for (let i = 0; i < p.length; i++) h = mix32(h ^ p.charCodeAt(i));
    }
    h = mix32(h + step);
  }
  return h;
}

// The two callers keep their own constants: phantoms already generated (and the tests pinning
// their bytes) and training runs already started (resumed mid-epoch) depend on these exact values.

/** The phantom's stream seed (Rng.derive). */
export function hashSeed(...parts: readonly (number | string)[]): number {
  return hashParts(0x9e3779b9, 0x6d2b79f5, parts);
}

/** Training's stream seed: split, sampling and augmentation draws. */
export function hashKeys(...keys: readonly (number | string)[]): number {
  return hashParts(0x811c9dc5, 0x9e3779b9, keys);
}
