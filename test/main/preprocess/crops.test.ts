import { describe, expect, it } from 'vitest';
import { studentCrops } from '../../../src/main/preprocess/student-crops';
import { teacherCrop } from '../../../src/main/preprocess/teacher-crop';
import { pasteBack } from '../../../src/main/preprocess/paste-back';
import { boxesToMask } from '../../../src/shared/masks/box-mask';
import { lpsGeometry } from '../../../src/shared/image/grid';
import { indexToWorld, worldToIndex, voxelCount } from '../../../src/shared/volume/geometry';
import { unwrap } from '../../../src/shared/result';
import type { BoxSet } from '../../../src/shared/boxes/types';
import type { Vec3 } from '../../../src/shared/volume/mat3';
import { ORIENTATIONS, grid, maskWhere, ramp, rampVolume } from './fixtures';

// Two "lungs" as boxes in world mm: right lung at negative x (patient right), left at positive x.
const lungAt = (w: Vec3) => (w[0] > -13 && w[0] < -3 && Math.abs(w[1]) < 10 && Math.abs(w[2]) < 12 ? 1 : w[0] > 3 && w[0] < 12 && Math.abs(w[1]) < 9 && Math.abs(w[2]) < 14 ? 2 : 0);

describe('student crops', () => {
  for (const name of Object.keys(ORIENTATIONS)) {
    it(`${name}: per-lung crops, multiples of 16, hold the CT at their own world centres and paste back voxel-exactly`, async () => {
      const g = grid(name);
      const ct = rampVolume(g);
      const lungs = maskWhere(g, lungAt);
      const { crops, stats } = unwrap(await studentCrops(ct, lungs, { marginMm: 4 }));
      expect(crops.map((c) => c.side)).toEqual(['right', 'left']);
      for (const crop of crops) {
        const { input } = crop;
        expect(input.dims.every((d) => d % 16 === 0)).toBe(true);
        expect(input.spacing).toEqual([1, 1, 1.5]);
        // The crop contains every voxel of its lung (centre inside the crop's box).
        lungs.data.forEach((l, q) => {
          if (l !== crop.label) return;
          const i = q % g.dims[0];
          const j = Math.floor(q / g.dims[0]) % g.dims[1];
          const k = Math.floor(q / (g.dims[0] * g.dims[1]));
          const c = worldToIndex(input, indexToWorld(g, [i, j, k]));
          c.forEach((x, a) => expect(x >= -0.5 && x <= input.dims[a]! - 0.5).toBe(true));
        });
        // Un-z-scored crop values equal the field at each crop voxel's own world centre (first row, column, last slice too).
        const lps = lpsGeometry(g);
        for (const [i, j, k] of [[0, 0, 0], [input.dims[0] - 1, 0, 0], [0, input.dims[1] - 1, input.dims[2] - 1], [5, 7, 3]] as Vec3[]) {
          const w = indexToWorld(input, [i, j, k]);
          const at = worldToIndex(lps, w);
          if (at.some((x, a) => x < 0 || x > lps.dims[a]! - 1)) continue; // padding beyond the scan
          const hu = input.data[i + input.dims[0] * (j + input.dims[1] * k)]! * stats.std + stats.mean;
          expect(Math.abs(hu - ramp(w))).toBeLessThan(2e-2);
        }
        // A prediction equal to the field, pasted back, reproduces the CT inside the crop and nothing outside.
        const pred = new Float32Array(voxelCount(input));
        let q = 0;
        for (let k = 0; k < input.dims[2]; k++) for (let j = 0; j < input.dims[1]; j++) for (let i = 0; i < input.dims[0]; i++) pred[q++] = ramp(indexToWorld(input, [i, j, k]));
        const back = await pasteBack(crop.transform, pred, new Float32Array(voxelCount(g)).fill(-1), 'replace');
        let inside = 0;
        q = 0;
        for (let k = 0; k < g.dims[2]; k++) for (let j = 0; j < g.dims[1]; j++) for (let i = 0; i < g.dims[0]; i++, q++) {
          const c = worldToIndex(input, indexToWorld(g, [i, j, k]));
          const inCrop = c.every((x, a) => x >= 0 && x <= input.dims[a]! - 1);
          const outCrop = c.some((x, a) => x < -0.5 - 1e-3 || x > input.dims[a]! - 0.5 + 1e-3);
          if (inCrop) {
            inside++;
            expect(Math.abs(back.data[q]! - ct.data[q]!)).toBeLessThan(2e-2);
          } else if (outCrop) {
            expect(back.data[q]).toBe(-1);
          }
        }
        expect(inside).toBeGreaterThan(100);
      }
    });
  }

  it('an all-ones prediction lands on every CT voxel whose centre is in the crop: nothing lost at the first row, column or last slice', async () => {
    const g = grid('RAS');
    const lungs = maskWhere(g, lungAt);
    const { crops } = unwrap(await studentCrops(rampVolume(g), lungs, { marginMm: 0, multiple: 1 }));
    const right = crops[0]!;
    const back = await pasteBack(right.transform, new Float32Array(voxelCount(right.input)).fill(1));
    let expected = 0;
    let got = 0;
    let q = 0;
    for (let k = 0; k < g.dims[2]; k++) for (let j = 0; j < g.dims[1]; j++) for (let i = 0; i < g.dims[0]; i++, q++) {
      const c = worldToIndex(right.input, indexToWorld(g, [i, j, k]));
      if (c.every((x, a) => x >= -0.5 && x <= right.input.dims[a]! - 0.5)) expected++;
      if (back.data[q] === 1) got++;
      if (lungs.data[q] === 1) expect(back.data[q]).toBe(1);
    }
    expect(got).toBe(expected);
  });

  it('one lung gives one crop; no lung is a clear failure', async () => {
    const g = grid('LPS');
    const onlyLeft = maskWhere(g, (w) => (lungAt(w) === 2 ? 2 : 0));
    const one = unwrap(await studentCrops(rampVolume(g), onlyLeft));
    expect(one.crops.map((c) => c.side)).toEqual(['left']);
    const none = await studentCrops(rampVolume(g), maskWhere(g, () => 0));
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error).toMatch(/no lung/);
  });
});

describe('teacher crop', () => {
  const boxesOn = (g: ReturnType<typeof grid>): BoxSet => {
    const lps = lpsGeometry(g);
    const box = (k: number, i0: number, j0: number, i1: number, j1: number, tumor: number) => ({ k, i0, j0, i1, j1, tumor, label: 'A' });
    return {
      format: 'lungts-boxes', version: 1, grid: lps,
      boxes: [box(10, 12, 14, 20, 22, 1), box(11, 13, 14, 21, 23, 1), box(12, 14, 15, 20, 21, 1), box(3, 1, 1, 4, 4, 2)],
    };
  };
  for (const name of ['LPS', 'permuted', 'oblique']) {
    it(`${name}: 128^3 around the tumour's boxes, the box channel on the boxes' world footprint, air padding outside`, async () => {
      const g = grid(name);
      const ct = rampVolume(g);
      const set = boxesOn(g);
      const crop = unwrap(await teacherCrop(ct, set, 1));
      expect(crop.ct.dims).toEqual([128, 128, 128]);
      expect(crop.input.length).toBe(2 * 128 ** 3);
      // Box channel equals the box set rasterised onto the crop grid, and is centred in the cube.
      const ref = boxesToMask(set, crop.transform.crop, { tumor: 1 });
      expect(Array.from(crop.boxMask.data).every((v, q) => v === ref.data[q])).toBe(true);
      let n = 0;
      const c: [number, number, number] = [0, 0, 0];
      crop.boxMask.data.forEach((v, q) => {
        if (!v) return;
        n++;
        c[0] += q % 128;
        c[1] += Math.floor(q / 128) % 128;
        c[2] += Math.floor(q / 128 ** 2);
      });
      expect(n).toBeGreaterThan(50);
      c.forEach((x) => expect(Math.abs(x / n - 63.5)).toBeLessThan(1.5));
      // Far outside the small scan the CT channel is air.
      // Far outside the small scan the CT channel is air (-1024 HU z-scored), the lowest value there is.
      let lowest = Infinity;
      for (const v of crop.ct.data) lowest = Math.min(lowest, v);
      expect(crop.ct.data[0]).toBe(lowest);
      expect(crop.ct.data[128 ** 3 - 1]).toBe(lowest);
      // Pasting the box channel back covers the original boxes' voxels on the CT grid.
      const back = await pasteBack(crop.transform, crop.boxMask.data);
      const onCt = boxesToMask(set, g, { tumor: 1 });
      let covered = 0;
      let total = 0;
      onCt.data.forEach((v, q) => {
        if (!v) return;
        total++;
        if (back.data[q]! >= 0.5) covered++;
      });
      expect(covered / total).toBeGreaterThan(0.9);
    });
  }

  it('an unknown tumour and boxes outside the scan are clear failures', async () => {
    const g = grid('LPS');
    const set = boxesOn(g);
    const missing = await teacherCrop(rampVolume(g), set, 7);
    expect(!missing.ok && missing.error).toMatch(/no box belongs to tumour 7/);
    const far: BoxSet = { ...set, grid: { ...set.grid, origin: [1000, 1000, 1000] } };
    const outside = await teacherCrop(rampVolume(g), far, 1);
    expect(!outside.ok && outside.error).toMatch(/outside the CT/);
  });
});
