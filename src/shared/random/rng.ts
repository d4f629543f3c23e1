import { hashSeed } from './hash';

/**
 * Seeded randomness for the phantom. Every stream is derived from (seed, label) by hashing, so
 * adding a new random choice in one organ never shifts the numbers another organ draws, and the
 * same seed gives the same case on any machine and with any number of worker threads.
 */
/** sfc32: a small fast generator with a 128-bit state that passes PractRand at our scales. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number) {
    // |0 keeps the state in small integers, so V8 never boxes the fields as doubles.
    this.a = hashSeed(seed, 1) | 0;
    this.b = hashSeed(seed, 2) | 0;
    this.c = hashSeed(seed, 3) | 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A generator for a named sub-stream, independent of how much this one has been used. */
  static derive(seed: number, ...labels: readonly (number | string)[]): Rng {
    return new Rng(hashSeed(seed, ...labels));
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  sign(): 1 | -1 {
    return this.next() < 0.5 ? -1 : 1;
  }

  /** Standard normal (Box-Muller, keeping the second value for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Normal with a mean and standard deviation, clamped to [lo, hi]. */
  gauss(mean: number, sd: number, lo = -Infinity, hi = Infinity): number {
    return Math.min(hi, Math.max(lo, mean + sd * this.normal()));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn with the given (unnormalised) weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A uniformly random unit vector. */
  direction(): [number, number, number] {
    const z = this.range(-1, 1);
    const t = this.range(0, 2 * Math.PI);
    const r = Math.sqrt(1 - z * z);
    return [r * Math.cos(t), r * Math.sin(t), z];
  }
}
