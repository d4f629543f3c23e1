import { describe, expect, it } from 'vitest';
import { paintDisc, paintSegment, resizeBrush } from '../../../src/shared/editing/brush';
import { EditRecorder } from '../../../src/shared/editing/mask-edit';
import { ctFrom, countOnes, emptyMask, sliceToStrings } from './helpers';

describe('brush', () => {
  it('paints a disc of the given radius in mm on the axial slice only', () => {
    const m = emptyMask([7, 7, 3]);
    const rec = new EditRecorder(m, 'brush');
    paintDisc(rec, m, { view: 'axial', slice: 1, radiusMm: 2, value: 1 }, 3, 3);
    expect(sliceToStrings(m, 1)).toEqual([
      '.......',
      '...#...',
      '..###..',
      '.#####.',
      '..###..',
      '...#...',
      '.......',
    ]);
    expect(sliceToStrings(m, 0).join('')).not.toContain('#');
    expect(sliceToStrings(m, 2).join('')).not.toContain('#');
    expect(rec.finish().indices.length).toBe(13);
  });

  it('stretches the disc across anisotropic pixels so it stays round in millimetres', () => {
    // columns 0.5 mm, rows 1 mm: radius 1 mm covers 2 columns but 1 row either side.
    const m = emptyMask([7, 5, 1], [0.5, 1, 1]);
    paintDisc(new EditRecorder(m, 'b'), m, { view: 'axial', slice: 0, radiusMm: 1, value: 1 }, 3, 2);
    expect(sliceToStrings(m, 0)).toEqual(['.......', '...#...', '.#####.', '...#...', '.......']);
  });

  it('paints only voxels within the HU range, while the eraser clears regardless', () => {
    // left half air (-900), right half soft tissue (40)
    const ct = ctFrom([6, 3, 1], [1, 1, 1], (i) => (i < 3 ? -900 : 40));
    const m = emptyMask([6, 3, 1]);
    const limit = { ct, minHu: -500, maxHu: 400 };
    paintSegment(new EditRecorder(m, 'b'), m, { view: 'axial', slice: 0, radiusMm: 1, value: 1, huLimit: limit }, [0, 1], [5, 1]);
    expect(sliceToStrings(m, 0)).toEqual(['...###', '...###', '...###']);
    m.data.fill(1);
    paintDisc(new EditRecorder(m, 'e'), m, { view: 'axial', slice: 0, radiusMm: 1, value: 0, huLimit: limit }, 1, 1);
    expect(sliceToStrings(m, 0)).toEqual(['#.####', '...###', '#.####']);
  });

  it('on a coronal view paints the plane j = slice, across i and k', () => {
    const m = emptyMask([5, 4, 5]);
    paintDisc(new EditRecorder(m, 'b'), m, { view: 'coronal', slice: 2, radiusMm: 1, value: 1 }, 2, 2);
    const on: string[] = [];
    m.data.forEach((v, p) => { if (v) on.push(`${p % 5},${Math.floor(p / 5) % 4},${Math.floor(p / 20)}`); });
    expect(on.sort()).toEqual(['1,2,2', '2,2,1', '2,2,2', '2,2,3', '3,2,2']);
  });

  it('a stroke is continuous even when the pointer jumps far between events', () => {
    const m = emptyMask([40, 5, 1]);
    paintSegment(new EditRecorder(m, 'b'), m, { view: 'axial', slice: 0, radiusMm: 1, value: 1 }, [2, 2], [37, 2]);
    expect(sliceToStrings(m, 0)[2]).toBe('.' + '#'.repeat(38) + '.');
  });

  it('a radius below one pixel still paints the voxel under the cursor, and size keys stay in range', () => {
    const m = emptyMask([3, 3, 1]);
    paintDisc(new EditRecorder(m, 'b'), m, { view: 'axial', slice: 0, radiusMm: 0.1, value: 1 }, 1.3, 0.8);
    expect(countOnes(m)).toBe(1);
    expect(m.data[1 + 3]).toBe(1);
    expect(resizeBrush(50, 1)).toBe(50);
    expect(resizeBrush(0.5, -1)).toBe(0.5);
    expect(resizeBrush(10, 1)).toBe(12);
  });
});
