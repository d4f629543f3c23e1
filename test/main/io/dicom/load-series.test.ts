import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import { scanDicom } from '../../../../src/main/io/dicom/scan';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { unwrap } from '../../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';

const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const B70 = sharedData(...STUDY, '2.000000-ThoraxRoutine  8.0.0  B70f-62919');
const B40 = sharedData(...STUDY, '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
if (!B70) console.warn(missingDataMessage(...STUDY));

/** HU straight from the file bytes: the pixel data is the last element, 512x512 unsigned 12-bit, intercept -1024. */
function rawHu(file: string, i: number, j: number): number {
  const bytes = readFileSync(file);
  const start = bytes.length - 512 * 512 * 2;
  return (bytes.readUInt16LE(start + 2 * (j * 512 + i)) & 0x0fff) - 1024;
}

describe('Lung-PET-CT-Dx A0002 (explicit little endian, 30 slices, 8 mm)', () => {
  for (const [name, dir] of [['B70f', B70], ['B40f', B40]] as const) {
    it.skipIf(!dir)(`${name}: slices ordered along the normal, spacing from positions, HU from the stored values`, async () => {
      const s = unwrap(await loadCtSeries(dir!));
      const v = s.volume;
      expect(v.dims).toEqual([512, 512, 30]);
      expect(v.spacing[0]).toBeCloseTo(0.646484375, 6);
      expect(v.spacing[1]).toBeCloseTo(0.646484375, 6);
      expect(v.spacing[2]).toBeCloseTo(8, 6);
      expect(Array.from(v.direction)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      expect(v.data).toBeInstanceOf(Int16Array);
      // InstanceNumber 1 (file 1-01) is the top slice (z = 312): it must come last, not first.
      expect(basename(s.slices[0]!.file)).toBe('1-30.dcm');
      expect(basename(s.slices[29]!.file)).toBe('1-01.dcm');
      s.slices.forEach((ref, k) => {
        const w = indexToWorld(v, [0, 0, k]);
        ref.position.forEach((x, a) => expect(Math.abs(x - w[a]!)).toBeLessThan(1e-6));
      });
      expect(v.origin).toEqual([-173.1767578125, -294.1767578125, 80]);
      for (const [i, j, k] of [[256, 256, 15], [100, 300, 0], [400, 200, 29], [10, 10, 7]] as const) {
        expect(v.data[i + 512 * (j + 512 * k)]).toBe(rawHu(s.slices[k]!.file, i, j));
      }
      let lung = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const x of v.data) {
        if (x < -800) lung++;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      expect(min).toBeGreaterThanOrEqual(-1024);
      expect(max).toBeLessThanOrEqual(3071);
      expect(lung / v.data.length).toBeGreaterThan(0.1);
      expect(s.warnings).toEqual([]);
    });
  }

  it.skipIf(!B70 || !B40)('a folder with both reconstructions needs a series choice, and loads the chosen one', async () => {
    const both = sharedData(...STUDY)!;
    const scan = unwrap(await scanDicom(both));
    expect(scan.series.map((s) => s.slices)).toEqual([30, 30]);
    const r = await loadCtSeries(both);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('2 image series');
      for (const s of scan.series) expect(r.error).toContain(s.seriesInstanceUid);
    }
    const uid = scan.series[1]!.seriesInstanceUid;
    const chosen = unwrap(await loadCtSeries(both, { seriesUid: uid }));
    expect(chosen.info.seriesInstanceUid).toBe(uid);
    expect(chosen.info.seriesDescription).toContain('B40f');
  });

  it.skipIf(!B70)('stops with "cancelled" when its signal aborts, and reports progress until then', async () => {
    const controller = new AbortController();
    const stages: string[] = [];
    const r = await loadCtSeries(B70!, {
      signal: controller.signal,
      progress: (p) => {
        stages.push(p.stage);
        if (p.stage === 'scan' && p.fraction > 0.05) controller.abort();
      },
    });
    expect(r.ok ? '' : r.error).toBe('cancelled');
    expect(stages[0]).toBe('scan');
    expect(stages).not.toContain('decode');
  });

  it.skipIf(!B70)('file names and order on disk do not matter', async () => {
    const dir = join(tempDir(), 'renamed');
    mkdirSync(dir);
    const files = readdirSync(B70!).filter((f) => f.endsWith('.dcm')).sort();
    // Reverse the names so that name order contradicts both instance number and position.
    files.forEach((f, n) => copyFileSync(join(B70!, f), join(dir, `img${String(files.length - n).padStart(3, '0')}`)));
    const a = unwrap(await loadCtSeries(B70!)).volume;
    const b = unwrap(await loadCtSeries(dir)).volume;
    expect(b.origin).toEqual(a.origin);
    expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
  });
});
