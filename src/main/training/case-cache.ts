import { fail, ok, type Result } from '../../shared/result';
import { readBundle, type Bundle } from './bundle';

/**
 * Prepared cases read on demand and kept in a small least-recently-used cache: a training
 * epoch touches every case, so the page cache does most of the work and this bound keeps the
 * process's own memory flat however many cases the dataset holds.
 */
export class CaseCache {
  private readonly entries = new Map<string, Bundle>();
  constructor(private readonly capacity = 8) {}

  get(path: string): Result<Bundle> {
    const hit = this.entries.get(path);
    if (hit) {
      this.entries.delete(path);
      this.entries.set(path, hit);
      return ok(hit);
    }
    const r = readBundle(path);
    if (!r.ok) return r;
    this.entries.set(path, r.value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
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
