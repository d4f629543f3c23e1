import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import type { LoadedCtSeries } from '../../../../src/main/io/dicom/types';
import { readRtStruct } from '../../../../src/main/io/rtstruct/rtstruct-read';
import { rtstructToMask } from '../../../../src/main/io/rtstruct/rtstruct-to-mask';
import { indexToWorld, linearIndex } from '../../../../src/shared/volume/geometry';
import { unwrap } from '../../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';

const MOCK = sharedData('rtstruct', 'rt-utils', 'tests', 'mock_data');
if (!MOCK) console.warn(missingDataMessage('rtstruct', 'rt-utils'));

/** Plain ray casting over world-space polygons: an independent statement of the even-odd rule. */
function insideEvenOdd(polygons: number[][], x: number, y: number): boolean {
  let inside = false;
  for (const p of polygons) {
    const n = p.length / 3;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const [xa, ya, xb, yb] = [p[3 * a]!, p[3 * a + 1]!, p[3 * b]!, p[3 * b + 1]!];
      if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
    }
  }
  return inside;
}

describe.skipIf(!MOCK)('RTSTRUCT import (rt-utils mock data)', () => {
  let series: LoadedCtSeries;
  beforeAll(async () => {
    // The CT folder also holds the RTSTRUCTs; the loader must pick the two CT slices.
    const dir = join(tempDir(), 'ct');
    mkdirSync(dir);
    for (const f of ['ct_1.dcm', 'ct_2.dcm']) copyFileSync(join(MOCK!, f), join(dir, f));
    series = unwrap(await loadCtSeries(dir));
  });

  it('rasterises ROI-1 onto its slice with the even-odd rule at voxel centres (inner contour is a hole)', () => {
    const rt = unwrap(readRtStruct(join(MOCK!, 'rt.dcm')));
    expect(rt.rois.map((r) => r.name)).toEqual(['ROI-1']);
    const imported = unwrap(rtstructToMask(rt, series, { rois: ['roi-1'] }));
    // rt-utils wrote this file with a new frame of reference UID; the series reference places it.
    expect(imported.warnings.join('\n')).toMatch(/frame of reference .* not the CT's/);
    const polygons = rt.rois[0]!.contours.map((c) => Array.from(c.points));
    const k = series.slices.findIndex((s) => s.sopInstanceUid === rt.rois[0]!.contours[0]!.images[0]);
    expect(series.slices[k]!.position[2]).toBe(60);
    const [nx, ny, nz] = series.volume.dims;
    let count = 0;
    for (let kk = 0; kk < nz; kk++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const [x, y] = indexToWorld(series.volume, [i, j, kk]);
          const want = kk === k && insideEvenOdd(polygons, x, y) ? 1 : 0;
          if (imported.mask.data[linearIndex(series.volume, i, j, kk)] !== want) throw new Error(`voxel ${i},${j},${kk} differs`);
          count += want;
        }
      }
    }
    // Outer 24 mm square minus an inner ~15 mm one, at 0.488 mm pixels: about 1500 voxels.
    expect(count).toBeGreaterThan(1300);
    expect(count).toBeLessThan(1700);
    expect(imported.labels).toEqual([{ value: 1, name: 'ROI-1', source: 1, voxels: count }]);
  });

  it('refuses structure sets whose contours reference images that are not in the CT', () => {
    for (const f of ['invalid_reference_rt.dcm', 'non_existent_reference_rt.dcm']) {
      const r = rtstructToMask(unwrap(readRtStruct(join(MOCK!, f))), series, { rois: ['ROI-1'] });
      expect(!r.ok && r.error).toMatch(/ROI "ROI-1", contour 1: references image .*995\.90, which is not in the CT series .* invalid references/);
    }
  });

  it('refuses an unknown ROI name, listing the ROIs', () => {
    const r = rtstructToMask(unwrap(readRtStruct(join(MOCK!, 'rt.dcm'))), series, { rois: ['GTV-1'] });
    expect(!r.ok && r.error).toMatch(/no ROI named "GTV-1"; available: 1 "ROI-1"/);
  });

  it('refuses a CT file given as an RTSTRUCT', () => {
    const r = readRtStruct(join(MOCK!, 'ct_1.dcm'));
    expect(!r.ok && r.error).toMatch(/not an RT Structure Set \(modality CT\)/);
  });
});
