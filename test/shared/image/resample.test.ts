import { describe, expect, it } from 'vitest';
import { resampleInto } from '../../../src/shared/image/resample-kernel';
import { lpsAxes, lpsGeometry, resampledGeometry, subGrid, blockGeometry, overlapRange } from '../../../src/shared/image/grid';
import { blockAverageInto, permutedView, plainView } from '../../../src/shared/image/block-average';
import { createVolume, type Volume } from '../../../src/shared/volume/volume';
import { indexToWorld, sameGeometry, voxelCount, type Geometry } from '../../../src/shared/volume/geometry';
import { reorient } from '../../../src/shared/volume/orientation';
import { unwrap } from '../../../src/shared/result';
import type { Vec3 } from '../../../src/shared/volume/mat3';

const c = Math.cos(0.3);
const s = Math.sin(0.3);
const GRIDS: Record<string, Geometry> = {
  lps: unwrap(createVolume({ dims: [20, 18, 12], spacing: [0.7, 0.8, 2.5], origin: [-10, 5, 30] }, new Uint8Array(20 * 18 * 12))),
  ras: unwrap(createVolume({ dims: [20, 18, 12], spacing: [0.7, 0.8, 2.5], origin: [10, -5, 30], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] }, new Uint8Array(20 * 18 * 12))),
  permutedFlipped: unwrap(createVolume({ dims: [12, 20, 18], spacing: [2.5, 0.7, 0.8], origin: [3, 4, 60], direction: [0, 1, 0, 0, 0, -1, -1, 0, 0] }, new Uint8Array(20 * 18 * 12))),
  oblique: unwrap(createVolume({ dims: [20, 18, 12], spacing: [0.7, 0.8, 2.5], origin: [1, 2, 3], direction: [c, -s, 0, s, c, 0, 0, 0, 1] }, new Uint8Array(20 * 18 * 12))),
};

/** A field linear in world coordinates: trilinear interpolation reproduces it exactly. */
const ramp = (w: Vec3) => 3 * w[0] - 2 * w[1] + 0.5 * w[2] + 7;

function fieldOn(g: Geometry): Volume<Float32Array> {
  const data = new Float32Array(voxelCount(g));
  let q = 0;
  for (let k = 0; k < g.dims[2]; k++) for (let j = 0; j < g.dims[1]; j++) for (let i = 0; i < g.dims[0]; i++) data[q++] = ramp(indexToWorld(g, [i, j, k]));
  return { ...g, data };
}

function resample(src: Volume, target: Geometry, mode: 'linear' | 'nearest' | 'label', fill = NaN, extendMm = 0): Float32Array {
  const out = new Float32Array(voxelCount(target));
  resampleInto(src.data, src, target, out, { mode, fill, extendMm });
  return out;
}

describe('grids', () => {
  for (const [name, g] of Object.entries(GRIDS)) {
    it(`${name}: lpsGeometry matches reorient's grid`, () => {
      const v = reorient({ ...g, data: new Uint8Array(voxelCount(g)) }, 'LPS');
      expect(sameGeometry(lpsGeometry(g), v, 1e-9)).toBe(true);
    });
    it(`${name}: the 1x1x1.5 grid covers the same physical box`, () => {
      const r = resampledGeometry(g);
      expect(r.spacing).toEqual([1, 1, 1.5]);
      const lps = lpsGeometry(g);
      // First outer corners coincide exactly.
      const a = indexToWorld(lps, [-0.5, -0.5, -0.5]);
      const b = indexToWorld(r, [-0.5, -0.5, -0.5]);
      a.forEach((x, t) => expect(x).toBeCloseTo(b[t]!, 9));
      for (let t = 0; t < 3; t++) {
        expect(r.dims[t]! * r.spacing[t]!).toBeGreaterThanOrEqual(lps.dims[t]! * lps.spacing[t]! - 1e-6);
        expect((r.dims[t]! - 1) * r.spacing[t]!).toBeLessThan(lps.dims[t]! * lps.spacing[t]!);
      }
    });
  }
  it('overlapRange finds the source voxels a sub-grid covers', () => {
    const g = GRIDS.lps!;
    const sub = subGrid(g, [3, 4, 5], [2, 3, 4]);
    expect(overlapRange(g, sub)).toEqual({ lo: [2, 3, 4], hi: [5, 7, 9] });
  });
});

describe('resampleInto', () => {
  for (const [name, g] of Object.entries(GRIDS)) {
    it(`${name}: to 1x1x1.5 and back reproduces a world-linear field exactly inside, on the same grid`, () => {
      const src = fieldOn(g);
      const r = resampledGeometry(g);
      const forward = resample(src, r, 'linear', NaN, 0.75);
      expect(forward.every((v) => !Number.isNaN(v))).toBe(true); // the overhang reuses edge values
      const there = { ...r, data: forward };
      // Resampled values equal the field at the new centres (inside the source's centre hull).
      const back = resample(there, g, 'linear');
      let checked = 0;
      for (let k = 1; k < g.dims[2] - 1; k++) for (let j = 2; j < g.dims[1] - 2; j++) for (let i = 2; i < g.dims[0] - 2; i++) {
        const q = i + g.dims[0] * (j + g.dims[1] * k);
        expect(Math.abs(back[q]! - src.data[q]!)).toBeLessThan(2e-3);
        checked++;
      }
      expect(checked).toBeGreaterThan(500);
      expect(back.every((v) => !Number.isNaN(v))).toBe(true); // every source voxel is covered, none filled
    });
  }

  it('on an identical grid, nearest and linear copy the input exactly (no lost first row/last slice)', () => {
    const g = GRIDS.oblique!;
    const src = { ...g, data: new Float32Array(voxelCount(g)).map((_, q) => (q * 37) % 101) };
    expect(Array.from(resample(src, g, 'nearest'))).toEqual(Array.from(src.data));
    expect(resample(src, g, 'linear').every((v, q) => Math.abs(v - src.data[q]!) < 1e-3)).toBe(true);
  });

  it('fills beyond half a voxel outside and clamps within it', () => {
    const g = unwrap(createVolume({ dims: [4, 1, 1], spacing: [1, 1, 1] }, new Float32Array([10, 20, 30, 40])));
    const t = unwrap(createVolume({ dims: [7, 1, 1], spacing: [1, 1, 1], origin: [-1.4, 0, 0] }, new Uint8Array(7)));
    const out = resample(g, t, 'linear', -5);
    expect(Array.from(out).map((v) => Math.round(v * 10) / 10)).toEqual([-5, 10, 16, 26, 36, -5, -5]);
  });

  it('label mode keeps two labels apart and thresholds the union at one half', () => {
    const g = unwrap(createVolume({ dims: [6, 1, 1], spacing: [2, 1, 1] }, new Uint8Array([0, 1, 1, 2, 2, 0])));
    const t = unwrap(createVolume({ dims: [12, 1, 1], spacing: [1, 1, 1], origin: [-0.5, 0, 0] }, new Uint8Array(12)));
    expect(Array.from(resample(g, t, 'label'))).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0]);
  });

  it('clip, scale and offset give z-scored values in one pass', () => {
    const g = unwrap(createVolume({ dims: [3, 1, 1], spacing: [1, 1, 1] }, new Int16Array([-3000, 0, 3000])));
    const out = new Float32Array(3);
    resampleInto(g.data, g, g, out, { mode: 'linear', clip: [-1024, 1000], scale: 0.5, offset: 1 });
    expect(Array.from(out)).toEqual([-511, 1, 501]);
  });
});

describe('blockAverageInto', () => {
  it('averages blocks (partial last block included) and places them at the block centres', () => {
    const g = unwrap(createVolume({ dims: [5, 2, 1], spacing: [0.5, 1, 1], origin: [0, 0, 0] }, new Float32Array([1, 3, 5, 7, 9, 2, 4, 6, 8, 10])));
    const bg = blockGeometry(g, [2, 2, 1]);
    expect(bg.dims).toEqual([3, 1, 1]);
    expect(indexToWorld(bg, [0, 0, 0])).toEqual([0.25, 0.5, 0]);
    const out = new Float32Array(3);
    blockAverageInto(g.data, plainView(g.dims), [2, 2, 1], out);
    expect(Array.from(out)).toEqual([2.5, 6.5, 9.5]);
  });

  it('reads a flipped, permuted view exactly as reorient lays the volume out', () => {
    const g = GRIDS.permutedFlipped!;
    const src = { ...g, data: new Float32Array(voxelCount(g)).map((_, q) => (q * 13) % 17) };
    const lps = reorient(src, 'LPS');
    const { axes, flip } = lpsAxes(g);
    const a = new Float32Array(voxelCount(g));
    const b = new Float32Array(voxelCount(g));
    blockAverageInto(src.data, permutedView(g.dims, axes, flip), [1, 1, 1], a);
    blockAverageInto(lps.data, plainView(lps.dims), [1, 1, 1], b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('upsampleBlockLabels', () => {
  it('equals label-mode resampling from the block grid, in any axis order (two labels: up to exact ties)', async () => {
    const { upsampleBlockLabels } = await import('../../../src/shared/image/block-upsample');
    for (const name of ['lps', 'ras', 'permutedFlipped', 'oblique']) {
      const g = GRIDS[name]!;
      const { axes, flip } = lpsAxes(g);
      const view = permutedView(g.dims, axes, flip);
      for (const factors of [[1, 1, 1], [3, 2, 1], [2, 3, 4]] as Vec3[]) {
        const bg = blockGeometry(lpsGeometry(g), factors);
        for (const labelCount of [1, 2]) {
          let seed = 11;
          const labels = new Uint8Array(voxelCount(bg)).map(() => ((seed = (seed * 48271) % 2147483647) % 7 < 3 ? 0 : (seed % labelCount) + 1));
          const fast = new Uint8Array(voxelCount(g));
          upsampleBlockLabels(labels, bg.dims, factors, view, fast);
          const ref = new Float32Array(voxelCount(g));
          resampleInto(labels, bg, g, ref, { mode: 'label', fill: 0 });
          let differ = 0;
          for (let q = 0; q < ref.length; q++) if ((ref[q] !== 0) !== (fast[q] !== 0) || (labelCount === 1 && ref[q] !== fast[q])) differ++;
          // Inside/outside always agree; with two labels a 50/50 tie may name either.
          expect(differ, `${name} ${factors.join('x')}`).toBe(0);
        }
      }
    }
  });
});
