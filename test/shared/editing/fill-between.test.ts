import { describe, expect, it } from 'vitest';
import { signedDistance2d, squaredDistance2d } from '../../../src/shared/editing/distance';
import { fillAllGaps, fillBetweenSlices } from '../../../src/shared/editing/fill-between';
import { applyEdit } from '../../../src/shared/editing/mask-edit';
import { unwrap } from '../../../src/shared/result';
import { maskFromSlices, sliceToStrings } from './helpers';

describe('distance transform', () => {
  it('is the exact Euclidean distance with anisotropic pixels', () => {
    // seed at (0,0); pixels 2 mm wide, 1 mm tall
    const d = squaredDistance2d(3, 3, 2, 1, (p) => p === 0);
    expect(d[2]).toBe(16); // (2 columns * 2 mm)^2
    expect(d[2 * 3]).toBe(4); // 2 rows * 1 mm
    expect(d[2 + 2 * 3]).toBe(20);
  });

  it('signed distance is negative inside, positive outside, never zero', () => {
    const sd = signedDistance2d(Uint8Array.from([0, 1, 1, 0]), 4, 1, 1, 1);
    expect([...sd]).toEqual([1, -1, -1, 1]);
  });
});

describe('fill between slices', () => {
  const blank = ['.......', '.......', '.......', '.......', '.......'];

  it('copies an identical outline to every slice between', () => {
    const key = ['.......', '..###..', '..###..', '..###..', '.......'];
    const m = maskFromSlices([key, blank, blank, blank, key]);
    const e = unwrap(fillBetweenSlices(m, 0, 4));
    for (const k of [1, 2, 3]) expect(sliceToStrings(m, k)).toEqual(key);
    expect(e.indices.length).toBe(27);
    applyEdit(m, e, 'undo');
    expect(sliceToStrings(m, 2)).toEqual(blank);
  });

  it('morphs a small outline into a large one through an intermediate size', () => {
    const small = ['.......', '.......', '...#...', '.......', '.......'];
    const large = ['.......', '.#####.', '.#####.', '.#####.', '.......'];
    const m = maskFromSlices([small, blank, large]);
    unwrap(fillBetweenSlices(m, 2, 0));
    const mid = sliceToStrings(m, 1);
    const n = mid.join('').split('#').length - 1;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(15);
    expect(mid[2]![3]).toBe('#');
    expect(mid[0]).toBe('.......');
  });

  it('follows a lesion that shifts sideways', () => {
    const left = ['.......', '##.....', '##.....', '.......', '.......'];
    const right = ['.......', '....##.', '....##.', '.......', '.......'];
    const m = maskFromSlices([left, blank, blank, blank, right]);
    unwrap(fillBetweenSlices(m, 0, 4));
    const centreCol = (k: number): number => {
      let s = 0;
      let n = 0;
      sliceToStrings(m, k).forEach((r) => [...r].forEach((c, i) => { if (c === '#') { s += i; n++; } }));
      return s / n;
    };
    expect(centreCol(1)).toBeLessThan(centreCol(2));
    expect(centreCol(2)).toBeLessThan(centreCol(3));
  });

  it('refuses with a message when a key slice is empty or there is nothing between', () => {
    const key = ['.......', '..###..', '..###..', '..###..', '.......'];
    const m = maskFromSlices([key, blank, blank]);
    const r = fillBetweenSlices(m, 0, 2);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('slice 2 has no mask');
    expect(fillBetweenSlices(m, 0, 1).ok).toBe(false);
    expect(fillBetweenSlices(m, 0, 9).ok).toBe(false);
  });

  it('fills every gap in one undoable edit', () => {
    const key = ['.......', '..###..', '..###..', '..###..', '.......'];
    const m = maskFromSlices([key, blank, key, blank, blank, key]);
    const e = unwrap(fillAllGaps(m));
    for (const k of [1, 3, 4]) expect(sliceToStrings(m, k)).toEqual(key);
    applyEdit(m, e, 'undo');
    for (const k of [1, 3, 4]) expect(sliceToStrings(m, k)).toEqual(blank);
    expect(sliceToStrings(m, 2)).toEqual(key);
  });
});
