import { totalmem } from 'node:os';
import { fail, ok, type Result } from '../../shared/result';
import { readBundle, type Bundle } from './bundle';

/**
 * A training run's share of the machine's memory for prepared cases: a quarter, at least 1 GB,
 * unless `LUNGTS_CACHE_MB` names the bytes. A quarter holds 35 full-size phantoms on 24 GB; a
 * larger set re-reads a 130-170 MB bundle for most patches (0.7 s a patch instead of 0.12 s for
 * 136 phantoms), so a machine given over to training may raise it.
 */
export function caseCacheBudget(total = totalmem(), env: string | undefined = process.env.LUNGTS_CACHE_MB): number {
  // Number(undefined) is NaN and Number('') is 0: an unset or empty variable keeps the quarter.
  const mb = Number(env);
  if (Number.isFinite(mb) && mb > 0) return Math.floor(mb * 2 ** 20);
  return Math.max(2 ** 30, Math.floor(total / 4));
}

/**
 * Prepared cases read on demand and kept in a least-recently-used cache bounded by bytes. A
 * training epoch draws its patches from the cases in random order, so a cache smaller than the
 * training set re-reads a bundle (about 100 MB for a full-size case's two lung crops) for most
 * patches: with 12 entries and 39 student cases an epoch of 502 patches took 324 s, against
 * 50 s once every case stayed in memory (student-small, 2 threads). The byte bound keeps the
 * process's memory flat however many cases the dataset holds.
 */
export class CaseCache {
  private readonly entries = new Map<string, { readonly bundle: Bundle; readonly bytes: number }>();
  private bytes = 0;
  private reads = 0;

  /** At most `maxBytes` of arrays; the newest bundle is kept even when it alone exceeds them. */
  constructor(private readonly maxBytes = caseCacheBudget()) {}

  /** How many bundles were read from disk so far (misses). */
  get diskReads(): number {
    return this.reads;
  }

  get(path: string): Result<Bundle> {
    const hit = this.entries.get(path);
    if (hit) {
      this.entries.delete(path);
      this.entries.set(path, hit);
      return ok(hit.bundle);
    }
    const r = readBundle(path);
    if (!r.ok) return r;
    this.reads++;
    const bytes = Object.values(r.value.arrays).reduce((a, x) => a + x.byteLength, 0);
    this.entries.set(path, { bundle: r.value, bytes });
    this.bytes += bytes;
    while (this.entries.size > 1 && this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.bytes -= this.entries.get(oldest)!.bytes;
      this.entries.delete(oldest);
    }
    return r;
  }

  /** Like get, but a failure is a programming error here (the files were checked when listed). */
  must(path: string): Bundle {
    const r = this.get(path);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  }
}

export function arrayOf<T>(b: Bundle, name: string, ctor: new (...a: never[]) => T): Result<T> {
  const a = b.arrays[name];
  if (!(a instanceof ctor)) return fail(`prepared data lacks ${name}`);
  return ok(a as T);
}
