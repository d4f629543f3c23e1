import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/shared/result';
import { encodeBundle } from '../../../src/main/training/bundle';
import { CaseCache, caseCacheBudget } from '../../../src/main/training/case-cache';
import { tempDir } from '../../helpers/tmp';

// Bundles of 1000 float32 (4000 bytes) each, read through caches of several bounds.
describe('CaseCache', () => {
  const dir = tempDir();
  const paths = [0, 1, 2].map((n) => {
    const p = join(dir, `case-${n}.bin`);
    writeFileSync(p, encodeBundle({ n }, { ct: new Float32Array(1000).fill(n) }));
    return p;
  });
  const [a, b, c] = paths as [string, string, string];

  it('keeps every case that fits its byte budget, so a second pass reads nothing', () => {
    const cache = new CaseCache(12_000);
    for (const p of [...paths, ...paths]) unwrap(cache.get(p));
    expect(cache.diskReads).toBe(3);
    expect((unwrap(cache.get(b)).arrays.ct as Float32Array)[0]).toBe(1);
  });

  it('drops the least recently used case when the bytes are over budget', () => {
    const cache = new CaseCache(8_000);
    unwrap(cache.get(a));
    unwrap(cache.get(b));
    unwrap(cache.get(a)); // a is now the most recent
    unwrap(cache.get(c)); // over budget: b goes
    expect(cache.diskReads).toBe(3);
    unwrap(cache.get(a));
    expect(cache.diskReads).toBe(3);
    unwrap(cache.get(b));
    expect(cache.diskReads).toBe(4);
  });

  it('keeps a single bundle larger than the budget', () => {
    const tiny = new CaseCache(10);
    const first = unwrap(tiny.get(a));
    expect(unwrap(tiny.get(a))).toBe(first);
    expect(tiny.diskReads).toBe(1);
  });

  it('budgets a quarter of the memory, at least 1 GB', () => {
    // '' stands for an unset LUNGTS_CACHE_MB, so a developer's own setting cannot fail the test.
    expect(caseCacheBudget(24 * 2 ** 30, '')).toBe(6 * 2 ** 30);
    expect(caseCacheBudget(2 * 2 ** 30, '')).toBe(2 ** 30);
    // LUNGTS_CACHE_MB overrides the quarter; anything that is not a positive number is ignored.
    expect(caseCacheBudget(24 * 2 ** 30, '16000')).toBe(16000 * 2 ** 20);
    for (const bad of ['', '0', '-5', 'lots']) expect(caseCacheBudget(24 * 2 ** 30, bad)).toBe(6 * 2 ** 30);
  });
});
