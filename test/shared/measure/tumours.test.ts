import { describe, expect, it } from 'vitest';
import { measureTumours } from '../../../src/shared/measure/tumours';
import { axialDiameters } from '../../../src/shared/measure/slice-diameters';
import { measuresToCsv, measuresToJson } from '../../../src/shared/measure/export';
import { unwrap } from '../../../src/shared/result';
import { createVolume, type Mask, type Volume } from '../../../src/shared/volume';

function volumes(dims: [number, number, number], spacing: [number, number, number], inside: (x: number, y: number, z: number) => boolean, direction?: number[]) {
  const n = dims[0] * dims[1] * dims[2];
  const m = new Uint8Array(n);
  const ct = new Int16Array(n).fill(-1000);
  let p = 0;
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, p++) {
    // body wall and mediastinum (soft tissue) with two lungs symmetric about the midline
    const w = dims[0];
    if (i >= 0.1 * w && i < 0.9 * w) ct[p] = 40;
    if ((i >= 0.2 * w && i < 0.45 * w) || (i >= 0.55 * w && i < 0.8 * w)) ct[p] = -800;
    if (inside(i * spacing[0], j * spacing[1], k * spacing[2])) { m[p] = 1; ct[p] = 30 + (i % 3); }
  }
  const geom = { dims, spacing, ...(direction ? { direction } : {}) };
  return { mask: unwrap(createVolume(geom, m)) as Mask, ct: unwrap(createVolume(geom, ct)) as Volume };
}

describe('tumour measurements', () => {
  it('a 20 mm disc reads 20 mm both ways (within a pixel)', () => {
    const is: number[] = [];
    const js: number[] = [];
    for (let j = 0; j < 80; j++) for (let i = 0; i < 80; i++) {
      if ((i * 0.5 - 20) ** 2 + (j * 0.5 - 20) ** 2 <= 100) { is.push(i); js.push(j); }
    }
    const d = axialDiameters({ i: Int32Array.from(is), j: Int32Array.from(js) }, 0.5, 0.5)!;
    expect(d.longestMm).toBeGreaterThan(20);
    expect(d.longestMm).toBeLessThan(20 + 0.5 * Math.SQRT2 + 0.01);
    expect(d.perpendicularMm).toBeGreaterThan(19.5);
    expect(d.perpendicularMm).toBeLessThan(21.2);
  });

  it('a tilted 40 x 20 mm ellipse: long axis 40, perpendicular 20, lines drawn along them', () => {
    const c = Math.SQRT1_2;
    const is: number[] = [];
    const js: number[] = [];
    for (let j = 0; j < 120; j++) for (let i = 0; i < 120; i++) {
      const x = i * 0.5 - 30;
      const y = j * 0.5 - 30;
      const u = c * x + c * y;
      const v = -c * x + c * y;
      if ((u / 20) ** 2 + (v / 10) ** 2 <= 1) { is.push(i); js.push(j); }
    }
    const d = axialDiameters({ i: Int32Array.from(is), j: Int32Array.from(js) }, 0.5, 0.5)!;
    expect(d.longestMm).toBeGreaterThan(39.5);
    expect(d.longestMm).toBeLessThan(41.2);
    expect(d.perpendicularMm).toBeGreaterThan(19.5);
    expect(d.perpendicularMm).toBeLessThan(21.2);
    const [a, b] = d.longestLine;
    // long axis runs along the diagonal i = j (within 5 degrees)
    const angle = Math.abs(Math.atan2(b[1] - a[1], b[0] - a[0]) * 180 / Math.PI);
    expect(Math.abs(angle - 45) < 5 || Math.abs(angle - 135) < 5).toBe(true);
    const [p, q] = d.perpendicularLine;
    const dot = (b[0] - a[0]) * (q[0] - p[0]) + (b[1] - a[1]) * (q[1] - p[1]);
    expect(Math.abs(dot)).toBeLessThan(1e-6);
  });

  it('a 20 mm sphere: volume 4.19 ml, 3D diameter 20 mm, HU and left side; a second lesion ranks below', () => {
    const { ct, mask } = volumes([100, 60, 40], [1, 1, 1], (x, y, z) =>
      (x - 70) ** 2 + (y - 30) ** 2 + (z - 20) ** 2 <= 100 || (x - 25) ** 2 + (y - 30) ** 2 + (z - 20) ** 2 <= 9);
    const list = measureTumours(ct, mask);
    expect(list.length).toBe(2);
    const [big, small] = list as [NonNullable<(typeof list)[0]>, NonNullable<(typeof list)[1]>];
    expect(big.id).toBe(1);
    expect(big.volumeMl).toBeGreaterThan(4.0);
    expect(big.volumeMl).toBeLessThan(4.4);
    expect(big.longest3dMm).toBeGreaterThan(21);
    expect(big.longest3dMm).toBeLessThan(22.5);
    expect(big.longestAxialMm).toBeGreaterThan(20);
    expect(big.longestAxialMm).toBeLessThan(22.5);
    expect(big.axialSlice).toBeGreaterThanOrEqual(19);
    expect(big.axialSlice).toBeLessThanOrEqual(21);
    expect(big.centroidIndex.map(Math.round)).toEqual([70, 30, 20]);
    expect(big.meanHu).toBeGreaterThan(30);
    expect(big.meanHu).toBeLessThan(32);
    expect(big.maxHu).toBe(32);
    // identity direction is LPS: higher i is the patient's left
    expect(big.side).toBe('left');
    expect(small.side).toBe('right');
  });

  it('decides the side in world coordinates: the same voxels on an RPS grid are on the right', () => {
    const { ct, mask } = volumes([100, 60, 10], [1, 1, 1], (x, y, z) => (x - 70) ** 2 + (y - 30) ** 2 + (z - 5) ** 2 <= 9,
      [-1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(measureTumours(ct, mask)[0]!.side).toBe('right');
  });

  it('a lung label map overrides the midline rule', () => {
    const { ct, mask } = volumes([100, 60, 10], [1, 1, 1], (x, y, z) => (x - 70) ** 2 + (y - 30) ** 2 + (z - 5) ** 2 <= 9);
    const lungs = { ...mask, data: new Uint8Array(mask.data.length).fill(1) };
    expect(measureTumours(ct, mask, { lungLabels: lungs })[0]!.side).toBe('right');
  });

  it('exports CSV and JSON with the same figures', () => {
    const { ct, mask } = volumes([40, 40, 10], [0.5, 0.5, 2], (x, y, z) => (x - 10) ** 2 + (y - 10) ** 2 <= 16 && z >= 4 && z <= 12);
    const list = measureTumours(ct, mask);
    const csv = measuresToCsv(list).trim().split('\n');
    expect(csv[0]).toBe('id,side,volume_ml,longest_axial_mm,perpendicular_mm,longest_3d_mm,mean_hu,max_hu,axial_slice,centroid_x_mm,centroid_y_mm,centroid_z_mm,voxels');
    expect(csv.length).toBe(2);
    const json = JSON.parse(measuresToJson(list, { series: '1.2.3' })) as { series: string; tumours: Record<string, number>[] };
    expect(json.series).toBe('1.2.3');
    expect(json.tumours[0]!.volume_ml).toBe(Number(csv[1]!.split(',')[2]));
    expect(json.tumours[0]!.voxels).toBe(list[0]!.voxels);
  });

  it('an empty mask has no tumours', () => {
    const { ct, mask } = volumes([10, 10, 3], [1, 1, 1], () => false);
    expect(measureTumours(ct, mask)).toEqual([]);
  });
});
