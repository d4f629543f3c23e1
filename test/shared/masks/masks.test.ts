import { describe, expect, it } from 'vitest';
import type { BoxSet } from '../../../src/shared/boxes/types';
import { boxesToMask } from '../../../src/shared/masks/box-mask';
import { labelComponents } from '../../../src/shared/image/components';
import { maskToBoxes } from '../../../src/shared/masks/mask-to-boxes';
import { maskOnGrid } from '../../../src/shared/masks/fit-grid';
import { createGeometry, indexToWorld, linearIndex, worldToIndex, type Geometry } from '../../../src/shared/volume/geometry';
import { unwrap } from '../../../src/shared/result';
import { reorient } from '../../../src/shared/volume/orientation';
import { emptyLike, type Mask } from '../../../src/shared/volume/volume';

const lpsGrid = unwrap(createGeometry({ dims: [10, 8, 6], spacing: [0.8, 0.8, 2], origin: [-4, -3, 10] }));

function paint(mask: Mask, voxels: [number, number, number][], value = 1): void {
  for (const [i, j, k] of voxels) mask.data[linearIndex(mask, i, j, k)] = value;
}

describe('boxesToMask', () => {
  const set: BoxSet = {
    format: 'lungts-boxes', version: 1, grid: lpsGrid,
    boxes: [{ k: 2, i0: 1, j0: 2, i1: 3, j1: 3, label: 'A', tumor: 1 }, { k: 4, i0: 9, j0: 7, i1: 9, j1: 7, label: 'A', tumor: 2 }],
  };

  it('fills exactly the box voxels on the box grid', () => {
    const m = boxesToMask(set, lpsGrid);
    let n = 0;
    for (let k = 0; k < 6; k++) for (let j = 0; j < 8; j++) for (let i = 0; i < 10; i++) {
      const inside = (k === 2 && i >= 1 && i <= 3 && j >= 2 && j <= 3) || (k === 4 && i === 9 && j === 7);
      expect(m.data[linearIndex(m, i, j, k)]).toBe(inside ? 1 : 0);
      n += inside ? 1 : 0;
    }
    expect(n).toBe(7);
    const byTumor = boxesToMask(set, lpsGrid, { value: 'tumor', tumor: 2 });
    expect(byTumor.data.reduce((a, v) => a + v, 0)).toBe(2);
  });

  it('fills the same world voxels on a flipped, permuted grid', () => {
    const native = reorient(emptyLike(lpsGrid), 'ALI');
    const m = boxesToMask(set, native);
    const lpsBack = reorient(m, 'LPS');
    expect(Array.from(lpsBack.data)).toEqual(Array.from(boxesToMask(set, lpsGrid).data));
  });

  it('samples by voxel centre on a finer grid (nearest neighbour, stays binary)', () => {
    const fine = unwrap(createGeometry({ dims: [20, 16, 12], spacing: [0.4, 0.4, 1], origin: [-4.2, -3.2, 9.5] }));
    const m = boxesToMask(set, fine);
    for (let k = 0; k < 12; k++) for (let j = 0; j < 16; j++) for (let i = 0; i < 20; i++) {
      const s = worldToIndex(lpsGrid, indexToWorld(fine, [i, j, k]));
      const inBox1 = s[2] >= 1.5 && s[2] < 2.5 && s[0] >= 0.5 && s[0] < 3.5 && s[1] >= 1.5 && s[1] < 3.5;
      const inBox2 = s[2] >= 3.5 && s[2] < 4.5 && s[0] >= 8.5 && s[0] < 9.5 && s[1] >= 6.5 && s[1] < 7.5;
      expect(m.data[linearIndex(m, i, j, k)]).toBe(inBox1 || inBox2 ? 1 : 0);
    }
    expect(m.data.reduce((a, v) => a + v, 0)).toBeGreaterThan(7 * 8 - 20);
  });
});

describe('maskToBoxes (transform_to_weak)', () => {
  it('gives each tumour component its per-slice bounding box', () => {
    const m = emptyLike(lpsGrid) as Mask;
    // Tumour A spans slices 1..2 with an L shape on slice 2; tumour B is one voxel on slice 2.
    paint(m, [[2, 2, 1], [3, 2, 1], [2, 3, 2], [2, 5, 2], [2, 4, 2], [4, 5, 2], [3, 5, 2]]);
    paint(m, [[8, 0, 2]]);
    const set = maskToBoxes(m, { label: 'GTV' });
    expect(set.boxes).toEqual([
      { k: 1, i0: 2, j0: 2, i1: 3, j1: 2, label: 'GTV', tumor: 1 },
      { k: 2, i0: 2, j0: 3, i1: 4, j1: 5, label: 'GTV', tumor: 1 },
      { k: 2, i0: 8, j0: 0, i1: 8, j1: 0, label: 'GTV', tumor: 2 },
    ]);
    // The box mask of the weak label covers the mask (every voxel lies in its slice's box).
    const cover = boxesToMask(set, lpsGrid);
    for (let p = 0; p < m.data.length; p++) if (m.data[p]) expect(cover.data[p]).toBe(1);
  });

  it('reorients a non-LPS mask first and can read instance labels instead of components', () => {
    const lpsMask = emptyLike(lpsGrid) as Mask;
    paint(lpsMask, [[1, 1, 0], [5, 5, 0]], 3);
    paint(lpsMask, [[6, 6, 0]], 7);
    const ras = reorient(lpsMask, 'RAS');
    const set = maskToBoxes(ras, { instances: 'labels' });
    expect(set.grid.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(set.boxes).toEqual([
      { k: 0, i0: 1, j0: 1, i1: 5, j1: 5, label: 'tumor', tumor: 3 },
      { k: 0, i0: 6, j0: 6, i1: 6, j1: 6, label: 'tumor', tumor: 7 },
    ]);
  });
});

describe('labelComponents on a mask', () => {
  it('separates diagonal neighbours with 6-connectivity and joins them with 26', () => {
    const g: Geometry = lpsGrid;
    const m = emptyLike(g) as Mask;
    paint(m, [[0, 0, 0], [1, 1, 1], [5, 5, 5]]);
    expect(labelComponents(m.data, g.dims, 26).count).toBe(2);
    expect(labelComponents(m.data, g.dims, 6).count).toBe(3);
  });
});

describe('maskOnGrid', () => {
  it('accepts the same grid, or a flipped/permuted copy of it, and returns the CT geometry', () => {
    const m = emptyLike(lpsGrid) as Mask;
    paint(m, [[1, 2, 3]], 4);
    expect(unwrap(maskOnGrid(m, lpsGrid)).data).toBe(m.data);
    const ras = reorient(m, 'RAS');
    const back = unwrap(maskOnGrid(ras, lpsGrid));
    expect(back.origin).toEqual(lpsGrid.origin);
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
  });

  it('refuses a shifted or resized grid, describing both', () => {
    const shifted = { ...(emptyLike(lpsGrid) as Mask), origin: [-4, -3, 10.4] as const };
    const r = maskOnGrid(shifted, lpsGrid);
    expect(!r.ok && r.error).toMatch(/mask's grid \(10x8x6 voxels of 0\.8, 0\.8, 2 mm, LPS, first voxel at \(-4, -3, 10\.4\)\) does not match the CT's/);
    const smaller = emptyLike(unwrap(createGeometry({ ...lpsGrid, dims: [10, 8, 5] })));
    expect(maskOnGrid(smaller, lpsGrid).ok).toBe(false);
  });
});
