import { describe, expect, it } from 'vitest';
import type { AxialBox } from '../../../src/shared/boxes/types';
import {
  boxAt, copyBoxToSlices, interpolateBoxes, interpolateTumourGaps, mergeBoxes, moveBox, nextTumourId, normaliseBox, resizeBox, summariseTumours,
} from '../../../src/shared/editing/box-tools';

const dims: [number, number, number] = [100, 80, 20];
const box = (k: number, i0: number, j0: number, i1: number, j1: number, tumor = 1): AxialBox => ({ k, i0, j0, i1, j1, label: 'A', tumor });

describe('box tools', () => {
  it('interpolates corners linearly between two key slices, in either order', () => {
    const a = box(2, 10, 10, 20, 20);
    const b = box(6, 30, 14, 60, 40);
    const mid = interpolateBoxes(b, a);
    expect(mid.map((x) => x.k)).toEqual([3, 4, 5]);
    expect(mid[1]).toEqual({ k: 4, i0: 20, j0: 12, i1: 40, j1: 30, label: 'A', tumor: 1 });
    expect(mid[0]).toEqual({ k: 3, i0: 15, j0: 11, i1: 30, j1: 25, label: 'A', tumor: 1 });
    expect(interpolateBoxes(a, a)).toEqual([]);
  });

  it('fills only the gaps of one tumour and merging keeps one box per tumour and slice', () => {
    const boxes = [box(2, 10, 10, 20, 20), box(4, 10, 10, 20, 20), box(5, 0, 0, 5, 5, 2), box(8, 10, 10, 20, 20)];
    const gaps = interpolateTumourGaps(boxes, 1);
    expect(gaps.map((b) => b.k)).toEqual([3, 5, 6, 7]);
    const merged = mergeBoxes(boxes, [...gaps, box(4, 11, 11, 21, 21)]);
    expect(merged.filter((b) => b.tumor === 1).map((b) => b.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(merged.find((b) => b.tumor === 1 && b.k === 4)!.i0).toBe(11);
    expect(summariseTumours(merged)).toEqual([
      { tumor: 1, label: 'A', slices: [2, 3, 4, 5, 6, 7, 8] },
      { tumor: 2, label: 'A', slices: [5] },
    ]);
    expect(nextTumourId(merged)).toBe(3);
  });

  it('copies to the next slices and stops at the end of the volume', () => {
    const b = { ...box(17, 1, 2, 3, 4), sopInstanceUid: '1.2.3' };
    const up = copyBoxToSlices(b, 5, 1, dims);
    expect(up.map((x) => x.k)).toEqual([18, 19]);
    expect(up[0]!.sopInstanceUid).toBeUndefined();
    expect(copyBoxToSlices(b, 2, -1, dims).map((x) => x.k)).toEqual([16, 15]);
  });

  it('moves, resizes and normalises within the grid', () => {
    expect(moveBox(box(0, 90, 70, 99, 79), 5, 5, dims)).toMatchObject({ i0: 90, i1: 99, j0: 70, j1: 79 });
    expect(moveBox(box(0, 10, 10, 20, 20), -3, 4, dims)).toMatchObject({ i0: 7, i1: 17, j0: 14, j1: 24 });
    expect(resizeBox(box(0, 10, 10, 20, 20), 'nw', 25, 5, dims)).toMatchObject({ i0: 20, i1: 25, j0: 5, j1: 20 });
    expect(resizeBox(box(0, 10, 10, 20, 20), 'se', 200, -4, dims)).toMatchObject({ i0: 10, i1: 99, j0: 0, j1: 10 });
    expect(normaliseBox(box(30, 5, 6, 1, 2), dims)).toMatchObject({ k: 19, i0: 1, i1: 5, j0: 2, j1: 6 });
  });

  it('finds the box under a voxel, newest first', () => {
    const boxes = [box(3, 0, 0, 10, 10, 1), box(3, 5, 5, 15, 15, 2)];
    expect(boxAt(boxes, 3, 7, 7)?.tumor).toBe(2);
    expect(boxAt(boxes, 3, 1, 1)?.tumor).toBe(1);
    expect(boxAt(boxes, 4, 7, 7)).toBeUndefined();
  });
});
