import { describe, expect, it } from 'vitest';
import { eraseComponentAt, keepComponentAt, labelComponents, removeSmallIslands } from '../../../src/shared/editing/components';
import { applyEdit } from '../../../src/shared/editing/mask-edit';
import { maskFromSlices, sliceToStrings } from './helpers';

const slices = () => [
  ['##....', '##...#', '......', '...#..'],
  ['##....', '......', '...#..', '......'],
];

describe('connected components', () => {
  it('counts diagonal contact as one lesion with 26-connectivity and not with 6', () => {
    const m = maskFromSlices(slices());
    const c26 = labelComponents(m, 26);
    const c6 = labelComponents(m, 6);
    // block of 6, lone voxel at (5,1,0), and (3,3,0)-(3,2,1) touching by an edge only
    expect(c26.count).toBe(3);
    expect(c26.sizes.slice(1).sort()).toEqual([1, 2, 6]);
    expect(c6.count).toBe(4);
  });

  it('removes islands below the size and undoes exactly', () => {
    const m = maskFromSlices(slices());
    const e = removeSmallIslands(m, 3);
    expect(sliceToStrings(m, 0)).toEqual(['##....', '##....', '......', '......']);
    expect(sliceToStrings(m, 1)).toEqual(['##....', '......', '......', '......']);
    applyEdit(m, e, 'undo');
    expect(sliceToStrings(m, 0)).toEqual(slices()[0]);
  });

  it('keeps only the clicked component, or erases it', () => {
    const m = maskFromSlices(slices());
    keepComponentAt(m, 3 + 6 * 3); // voxel (3,3,0)
    expect(sliceToStrings(m, 0)).toEqual(['......', '......', '......', '...#..']);
    expect(sliceToStrings(m, 1)).toEqual(['......', '......', '...#..', '......']);
    const m2 = maskFromSlices(slices());
    eraseComponentAt(m2, 0);
    expect(sliceToStrings(m2, 0)).toEqual(['......', '.....#', '......', '...#..']);
    expect(sliceToStrings(m2, 1)[0]).toBe('......');
  });

  it('a click on background changes nothing', () => {
    const m = maskFromSlices(slices());
    expect(eraseComponentAt(m, 2).indices.length).toBe(0);
    expect(keepComponentAt(m, 2).indices.length).toBe(0);
    expect(sliceToStrings(m, 0)).toEqual(slices()[0]);
  });
});
