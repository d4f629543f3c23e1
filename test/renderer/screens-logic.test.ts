import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../../src/renderer/screens/table-sort';
import { curvesOf, membersFrom, suggestStrength } from '../../src/renderer/screens/training-members';
import { downsampleCt, maskCrop } from '../../src/renderer/viewer/volume-3d';
import type { CaseSummary } from '../../src/shared/api';

describe('evaluation table sorting', () => {
  const rows = [{ p: 'b', d: 0.5 }, { p: 'a', d: null }, { p: 'c', d: 0.9 }, { p: 'd', d: 0.1 }];
  it('sorts by a number either way with missing values last', () => {
    expect(sortRows(rows, (r) => r.d, 'asc').map((r) => r.p)).toEqual(['d', 'b', 'c', 'a']);
    expect(sortRows(rows, (r) => r.d, 'desc').map((r) => r.p)).toEqual(['c', 'b', 'd', 'a']);
    expect(sortRows(rows, (r) => r.p, 'asc').map((r) => r.p)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('clicking the same header flips, a new metric starts high-to-low', () => {
    expect(nextSort({ key: 'dice', dir: 'asc' }, 'dice', true)).toEqual({ key: 'dice', dir: 'desc' });
    expect(nextSort({ key: 'dice', dir: 'asc' }, 'f1', true)).toEqual({ key: 'f1', dir: 'desc' });
    expect(nextSort({ key: 'dice', dir: 'asc' }, 'patient', false)).toEqual({ key: 'patient', dir: 'asc' });
  });
});

describe('training screen logic', () => {
  const c = (boxCount: number, acceptedMasks: number): CaseSummary => ({ status: { boxCount, acceptedMasks } } as unknown as CaseSummary);
  it('suggests strong for accepted masks, weak for boxes, out otherwise', () => {
    expect(suggestStrength(c(5, 1))).toBe('strong');
    expect(suggestStrength(c(5, 0))).toBe('weak');
    expect(suggestStrength(c(0, 0))).toBe('none');
  });
  it('keeps existing splits when members are saved again', () => {
    const m = membersFrom(new Map([[1, 'strong'], [2, 'none'], [3, 'weak']]), [{ seriesId: 1, strength: 'weak', split: 'test' }]);
    expect(m).toEqual([{ seriesId: 1, strength: 'strong', split: 'test' }, { seriesId: 3, strength: 'weak', split: null }]);
  });
  it('turns metric points into one curve per value', () => {
    const curves = curvesOf([{ step: 1, values: { loss: 0.9 } }, { step: 2, values: { loss: 0.5, dice: 0.6 } }]);
    expect(curves.map((s) => s.name)).toEqual(['dice', 'loss']);
    expect(curves[1]!.points).toEqual([[1, 0.9], [2, 0.5]]);
  });
});

describe('3D view data', () => {
  it('block-averages the CT and centres the blocks', () => {
    const data = new Int16Array(4 * 2 * 2);
    data.forEach((_, n) => (data[n] = n));
    const d = downsampleCt({ dims: [4, 2, 2], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data }, 2);
    expect(d.dims).toEqual([2, 2, 2]);
    expect(d.spacing).toEqual([2, 1, 2]);
    expect(d.origin).toEqual([0.5, 0, 0]);
    expect(d.data[0]).toBe(1); // mean of 0 and 1, rounded
  });
  it('crops a mask to its bounds plus an empty border', () => {
    const data = new Uint8Array(5 * 5 * 5);
    data[2 + 5 * (2 + 5 * 2)] = 1;
    const c = maskCrop({ dims: [5, 5, 5], spacing: [1, 1, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data })!;
    expect(c.dims).toEqual([3, 3, 3]);
    expect(c.origin).toEqual([1, 1, 3]);
    expect(c.data[13]).toBe(1);
    expect(c.data.reduce((a, b) => a + b, 0)).toBe(1);
    expect(maskCrop({ dims: [1, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(1) })).toBeUndefined();
  });
});
