import { describe, expect, it } from 'vitest';
import { mapBoxesToGrid, checkBoxesFit } from '../../../src/shared/boxes/map-grid';
import { boxSetToJson, parseBoxSet } from '../../../src/shared/boxes/schema';
import { groupTumors } from '../../../src/shared/boxes/tumors';
import { lpsGeometry } from '../../../src/shared/boxes/lps-grid';
import type { AxialBox, BoxSet } from '../../../src/shared/boxes/types';
import { createGeometry, indexToWorld, type Geometry } from '../../../src/shared/volume/geometry';
import { unwrap } from '../../../src/shared/result';
import { reorient } from '../../../src/shared/volume/orientation';
import { emptyLike } from '../../../src/shared/volume/volume';

const box = (k: number, i0: number, j0: number, i1: number, j1: number, tumor = 0): AxialBox => ({ k, i0, j0, i1, j1, label: 'A', tumor });

describe('groupTumors', () => {
  it('joins boxes that overlap on adjacent slices, transitively, and numbers tumours by first slice', () => {
    const boxes = [
      box(5, 50, 50, 60, 60), // tumour 2: joined by the slice-4 box below it
      box(3, 10, 10, 20, 20), // tumour 1 starts at slice 3
      box(4, 18, 18, 30, 30), // overlaps slice 3's box
      box(5, 28, 28, 40, 40), // overlaps slice 4's box only: same tumour by transitivity
      box(4, 52, 52, 58, 58), // overlaps slice 5's second box: tumour starting at slice 4
      box(7, 10, 10, 20, 20), // same columns as the first but two slices above slice 5: separate
    ];
    const t = groupTumors(boxes).map((b) => b.tumor);
    expect(t).toEqual([2, 1, 1, 1, 2, 3]);
  });

  it('never joins two boxes on the same slice by themselves, and accepts a larger gap when asked', () => {
    const boxes = [box(2, 0, 0, 10, 10), box(2, 5, 5, 15, 15), box(4, 0, 0, 3, 3)];
    expect(groupTumors(boxes).map((b) => b.tumor)).toEqual([1, 2, 3]);
    expect(groupTumors(boxes, 2).map((b) => b.tumor)).toEqual([1, 2, 1]);
  });
});

function grid(direction: number[], dims = [8, 6, 4]): Geometry {
  return unwrap(createGeometry({ dims, spacing: [0.7, 0.9, 2.5], origin: [-3, 12, 40], direction }));
}

describe('mapBoxesToGrid', () => {
  it('keeps every box corner at the same world position on a flipped and permuted grid', () => {
    // Native grid: i toward patient right, j toward anterior (a 180-degree in-plane rotation), k inferior.
    const native = grid([-1, 0, 0, 0, -1, 0, 0, 0, -1]);
    const lps = reorient(emptyLike(native), 'LPS');
    const boxes = [box(1, 1, 2, 3, 4, 1), box(3, 0, 0, 7, 5, 2)];
    const mapped = unwrap(mapBoxesToGrid(boxes, native, lps));
    for (let n = 0; n < boxes.length; n++) {
      const a = boxes[n]!, b = mapped[n]!;
      const nativeCorners = [indexToWorld(native, [a.i0, a.j0, a.k]), indexToWorld(native, [a.i1, a.j1, a.k])];
      const lpsCorners = [indexToWorld(lps, [b.i0, b.j0, b.k]), indexToWorld(lps, [b.i1, b.j1, b.k])];
      // Flipped axes swap which corner is "first"; the pair of world points is the same.
      const sortPts = (p: number[][]) => p.map((x) => x.map((v) => v.toFixed(6)).join(',')).sort();
      expect(sortPts(lpsCorners.map((p) => [...p]))).toEqual(sortPts(nativeCorners.map((p) => [...p])));
      expect(b.i0).toBeLessThanOrEqual(b.i1);
      expect(b.j0).toBeLessThanOrEqual(b.j1);
    }
    expect(mapped[0]).toMatchObject({ k: 2, i0: 4, i1: 6, j0: 1, j1: 3, tumor: 1, label: 'A' });
  });

  it('swaps i and j when the native rows run along the other in-plane axis', () => {
    const native = grid([0, 1, 0, 1, 0, 0, 0, 0, 1]);
    const lps = reorient(emptyLike(native), 'LPS');
    const mapped = unwrap(mapBoxesToGrid([box(0, 1, 2, 3, 5)], native, lps));
    expect(mapped[0]).toMatchObject({ k: 0, i0: 2, i1: 5, j0: 1, j1: 3 });
  });

  it('refuses grids whose slice axis differs or whose voxels do not line up', () => {
    const axial = grid([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // Same voxel centres as `axial`, but its slices are coronal.
    const coronal = unwrap(createGeometry({ dims: [8, 4, 6], spacing: [0.7, 2.5, 0.9], origin: axial.origin, direction: [1, 0, 0, 0, 0, 1, 0, 1, 0] }));
    const r = mapBoxesToGrid([box(0, 0, 0, 1, 1)], axial, coronal);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/slice axis/);
    const finer = unwrap(createGeometry({ ...axial, spacing: [0.35, 0.9, 2.5] }));
    const r2 = mapBoxesToGrid([box(0, 0, 0, 1, 1)], axial, finer);
    expect(r2.ok).toBe(false);
  });
});

describe('box files', () => {
  const set: BoxSet = { format: 'lungts-boxes', version: 1, grid: grid([1, 0, 0, 0, 1, 0, 0, 0, 1]), boxes: [{ ...box(1, 2, 3, 4, 5, 1), sopInstanceUid: '1.2.3' }] };

  it('round-trips through the canonical JSON', () => {
    const back = unwrap(parseBoxSet(JSON.parse(boxSetToJson(set))));
    expect(back).toEqual(set);
  });

  it('names the offending field or box', () => {
    const bad = JSON.parse(boxSetToJson(set));
    bad.boxes[0].i1 = 'x';
    const r = parseBoxSet(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/boxes\.0\.i1/);
    const outside = JSON.parse(boxSetToJson(set));
    outside.boxes[0].i1 = 8;
    const r2 = parseBoxSet(outside);
    expect(!r2.ok && r2.error).toMatch(/box 1 \(slice 1\).*columns 2\.\.8 are outside 0\.\.7/);
    const other = parseBoxSet({ format: 'something-else' });
    expect(!other.ok && other.error).toMatch(/not a LungTS box file/);
    const singular = JSON.parse(boxSetToJson(set));
    singular.grid.direction = [1, 0, 0, 1, 0, 0, 0, 0, 1];
    expect(parseBoxSet(singular).ok).toBe(false);
  });

  it('checks reversed corners', () => {
    const r = checkBoxesFit([box(0, 3, 0, 2, 1)], [8, 6, 4]);
    expect(!r.ok && r.error).toMatch(/reversed/);
  });
});

describe('lpsGeometry', () => {
  it('equals the geometry reorient gives, for every axis order and flip', () => {
    const dirs = [
      [1, 0, 0, 0, 1, 0, 0, 0, 1], [-1, 0, 0, 0, -1, 0, 0, 0, -1], [0, 1, 0, 1, 0, 0, 0, 0, -1],
      [0, 0, 1, -1, 0, 0, 0, -1, 0], [0.996, 0.0872, 0, -0.0872, 0.996, 0, 0, 0, 1],
    ];
    for (const d of dirs) {
      const g = unwrap(createGeometry({ dims: [5, 6, 7], spacing: [0.5, 0.6, 2], origin: [3, -4, 5], direction: d }));
      const viaData = reorient(emptyLike(g), 'LPS');
      const fast = lpsGeometry(g);
      expect(fast.dims).toEqual(viaData.dims);
      expect(fast.spacing).toEqual(viaData.spacing);
      expect(fast.origin.map((x) => +x.toFixed(9))).toEqual(viaData.origin.map((x) => +x.toFixed(9)));
      expect(fast.direction.map((x) => +x.toFixed(12) + 0)).toEqual(viaData.direction.map((x) => +x.toFixed(12) + 0));
    }
  });
});
