import { describe, expect, it } from 'vitest';
import { closeAxialSlices, filterComponents, keepInsideLungs, maskComponents, thresholdVolume } from '../../../src/shared/image/postprocess';
import { createVolume, type Mask } from '../../../src/shared/volume/volume';
import { reorient } from '../../../src/shared/volume/orientation';
import { unwrap } from '../../../src/shared/result';

function mask(dims: [number, number, number], set: [number, number, number][], direction?: number[]): Mask {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const [i, j, k] of set) data[i + dims[0] * (j + dims[1] * k)] = 1;
  return unwrap(createVolume({ dims, spacing: [0.7, 0.7, 2], ...(direction ? { direction } : {}) }, data));
}

describe('post-processing helpers', () => {
  it('thresholds probabilities at 0.5 (inclusive) by default', () => {
    const p = unwrap(createVolume({ dims: [4, 1, 1], spacing: [1, 1, 1] }, new Float32Array([0.2, 0.5, 0.51, 0.9])));
    expect(Array.from(thresholdVolume(p).data)).toEqual([0, 1, 1, 1]);
    expect(Array.from(thresholdVolume(p, 0.6).data)).toEqual([0, 0, 0, 1]);
  });

  it('closes a one-voxel gap within an axial slice (disk radius 1) but never across slices', () => {
    // A bar three voxels thick, cut through by a one-voxel slit.
    const bar: [number, number, number][] = [];
    for (let j = 1; j <= 3; j++) for (let i = 0; i < 7; i++) if (i !== 3) bar.push([i, j, 1]);
    const m = mask([7, 5, 3], bar);
    const closed = closeAxialSlices(m, 1);
    // The slit's middle is filled; its two ends stay notches (a cross cannot reach past them).
    expect(closed.data[3 + 7 * (2 + 5 * 1)]).toBe(1);
    expect(closed.data.reduce((a, b) => a + b, 0)).toBe(19);
    // The same mask stored with the slice axis first: the closing still works in axial planes.
    const turned = reorient(m, 'SLP');
    const back = reorient(closeAxialSlices(turned, 1), 'LPS');
    expect(Array.from(back.data)).toEqual(Array.from(closed.data));
    // A gap between slices is not axial: it stays.
    const column = mask([3, 3, 5], [[1, 1, 0], [1, 1, 1], [1, 1, 3], [1, 1, 4]]);
    expect(closeAxialSlices(column, 1).data[1 + 3 * (1 + 3 * 2)]).toBe(0);
  });

  it('keeps only what lies in the lungs, by voxel or by whole component', () => {
    const tumour: [number, number, number][] = [[2, 2, 0], [3, 2, 0], [4, 2, 0], [5, 2, 0]];
    const pred = mask([8, 5, 1], [...tumour, [7, 4, 0]]);
    const lungs = mask([8, 5, 1], [[0, 2, 0], [1, 2, 0], [2, 2, 0], [3, 2, 0], [0, 0, 0]]);
    const byVoxel = keepInsideLungs(pred, lungs, 'voxels');
    expect(byVoxel.data.reduce((a, b) => a + b, 0)).toBe(2);
    const byComponent = keepInsideLungs(pred, lungs, 'components');
    // The tumour overlaps the lungs by half: kept whole; the stray voxel outside is dropped.
    expect(byComponent.data.reduce((a, b) => a + b, 0)).toBe(4);
    expect(byComponent.data[7 + 8 * 4]).toBe(0);
    expect(() => keepInsideLungs(pred, mask([2, 2, 1], []))).toThrow(/different grids/);
  });

  it('drops components that are too small or nowhere confident enough, keeping the others whole', () => {
    // Spacing 0.7 x 0.7 x 2 mm: a voxel is 0.98 uL. Three components: 8 voxels peaking at 0.99,
    // 8 voxels peaking at 0.8, and one voxel at 0.99 (diagonal neighbours are one component).
    const big = mask([6, 6, 2], [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]);
    const faint: [number, number, number][] = [[4, 0, 0], [5, 0, 0], [4, 1, 0], [5, 1, 0], [4, 0, 1], [5, 0, 1], [4, 1, 1], [5, 1, 1]];
    const m = mask([6, 6, 2], [...faint, [0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1], [3, 4, 0]]);
    const prob = new Float32Array(m.data.length).map((_, q) => (m.data[q] ? 0.6 : 0.1));
    prob[0] = 0.99;
    prob[3 + 6 * 4] = 0.99;
    prob[4] = 0.8;
    expect(filterComponents(m, prob, {})).toBe(m);
    const count = (x: Mask) => x.data.reduce((a, v) => a + v, 0);
    const sizeCut = filterComponents(m, prob, { minVolumeMl: 0.005 });
    expect(count(sizeCut)).toBe(16);
    expect(sizeCut.data[3 + 6 * 4]).toBe(0);
    const peakCut = filterComponents(m, prob, { minPeak: 0.9 });
    expect(count(peakCut)).toBe(9);
    expect(peakCut.data[4]).toBe(0);
    expect(Array.from(filterComponents(m, prob, { minVolumeMl: 0.005, minPeak: 0.9 }).data)).toEqual(Array.from(big.data));
    expect(() => filterComponents(m, new Float32Array(3), { minPeak: 0.5 })).toThrow(/different grids/);
    // Away from the grid's origin (the filter works in the box of the mask's voxels), and empty.
    const shifted = mask([9, 8, 4], [[5, 3, 1], [6, 3, 1], [5, 4, 1], [6, 4, 1], [5, 3, 2], [8, 7, 3]]);
    const p2 = new Float32Array(shifted.data.length).fill(0.1);
    p2[5 + 9 * (3 + 8 * 1)] = 0.99;
    p2[8 + 9 * (7 + 8 * 3)] = 0.8;
    expect(count(filterComponents(shifted, p2, { minPeak: 0.9 }))).toBe(5);
    const none = mask([9, 8, 4], []);
    expect(count(filterComponents(none, p2, { minPeak: 0.9 }))).toBe(0);
  });

  it('labels 3D components with 6- or 26-connectivity', () => {
    const m = mask([3, 3, 3], [[0, 0, 0], [1, 1, 1], [2, 2, 2]]);
    expect(maskComponents(m, 6).count).toBe(3);
    expect(maskComponents(m, 26).count).toBe(1);
    expect(maskComponents(m).sizes[1]).toBe(3);
  });
});
