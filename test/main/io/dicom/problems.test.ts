import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import { scanDicom } from '../../../../src/main/io/dicom/scan';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { unwrap, type Result } from '../../../../src/shared/result';
import { missingDataMessage } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';
import { a0002Slice, A0002_B70, writeSeries } from './helpers/a0002';
import { cs, ds, ui, type Edit } from './helpers/edit-dicom';

const have = a0002Slice(1) !== undefined;
if (!have) console.warn(missingDataMessage(...A0002_B70));
const root = tempDir();
const SIX = [10, 11, 12, 13, 14, 15];
const X0 = -173.1767578125;
const Y0 = -294.1767578125;
const z = (n: number) => 312 - 8 * (n - 1);

function errorOf<T>(r: Result<T>): string {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
}

describe.skipIf(!have)('series problems are reported with the files named', () => {
  it('a missing slice', async () => {
    const dir = writeSeries(join(root, 'missing'), [10, 11, 13, 14, 15]);
    const e = errorOf(await loadCtSeries(dir));
    expect(e).toMatch(/missing slices/);
    expect(e).toMatch(/1 slice\(s\) missing between slice13\.dcm .* and slice11\.dcm/);
  });

  it('two different images at one position', async () => {
    const dir = writeSeries(join(root, 'dup'), SIX);
    writeSeries(join(root, 'dup-extra'), [12], () => ({ x00080018: ui('1.2.3.4.5.6.7.8'), x00020003: ui('1.2.3.4.5.6.7.8') }));
    copyFileSync(join(root, 'dup-extra', 'slice12.dcm'), join(dir, 'copy-of-12.dcm'));
    const e = errorOf(await loadCtSeries(dir));
    expect(e).toMatch(/duplicated slices/);
    expect(e).toContain('copy-of-12.dcm');
    expect(e).toContain('slice12.dcm');
  });

  it('the same image twice is read once, with a warning', async () => {
    const dir = writeSeries(join(root, 'same'), SIX);
    copyFileSync(join(dir, 'slice12.dcm'), join(dir, 'again.dcm'));
    const s = unwrap(await loadCtSeries(dir));
    expect(s.volume.dims[2]).toBe(6);
    expect(s.warnings.join('\n')).toMatch(/same SOP Instance UID/);
  });

  it('non-uniform spacing', async () => {
    const dir = writeSeries(join(root, 'uneven'), SIX, (n): Record<string, Edit> => (n === 12 ? { x00200032: ds([X0, Y0, z(n) + 3]) } : {}));
    const e = errorOf(await loadCtSeries(dir));
    expect(e).toMatch(/non-uniform slice spacing: gaps between slices range from 5\.000 to 11\.000 mm/);
    expect(e).toMatch(/slice1[23]\.dcm/);
  });

  it('gantry tilt: loads on a sheared grid that keeps every slice at its position, and states the angle', async () => {
    const t = Math.tan((15 * Math.PI) / 180);
    const dir = writeSeries(join(root, 'tilt'), SIX, (n) => ({ x00200032: ds([X0, Y0 + (z(n) - 200) * t, z(n)]), x00181120: ds(15) }));
    const s = unwrap(await loadCtSeries(dir));
    expect(s.warnings.join('\n')).toMatch(/gantry tilt: slices advance at 15\.00 degrees to the slice normal \(GantryDetectorTilt 15 degrees\)/);
    s.slices.forEach((ref, k) => {
      const w = indexToWorld(s.volume, [0, 0, k]);
      ref.position.forEach((x, a) => expect(Math.abs(x - w[a]!)).toBeLessThan(1e-4));
    });
    expect(s.volume.spacing[2]).toBeCloseTo(8 / Math.cos((15 * Math.PI) / 180), 4);
  });

  it('a non-CT modality is refused unless allowed', async () => {
    const dir = writeSeries(join(root, 'mr'), SIX, () => ({ x00080060: cs('MR') }));
    expect(errorOf(await loadCtSeries(dir))).toMatch(/is MR, not CT/);
    const s = unwrap(await loadCtSeries(dir, { allowNonCt: true }));
    expect(s.warnings.join('\n')).toMatch(/not CT/);
  });

  it('a localizer mixed into the series is left out and named', async () => {
    const dir = writeSeries(join(root, 'scout'), SIX);
    writeSeries(join(root, 'scout-extra'), [1], () => ({
      x00080008: cs('ORIGINAL\\PRIMARY\\LOCALIZER'),
      x00200037: ds([1, 0, 0, 0, 0, -1]),
      x00080018: ui('1.2.3.99'),
    }));
    copyFileSync(join(root, 'scout-extra', 'slice1.dcm'), join(dir, 'topogram.dcm'));
    const s = unwrap(await loadCtSeries(dir));
    expect(s.volume.dims[2]).toBe(6);
    expect(s.warnings.join('\n')).toMatch(/left out 1 localizer image\(s\): topogram\.dcm/);
  });

  it('an image of a different orientation (no LOCALIZER type) is left out and named', async () => {
    const dir = writeSeries(join(root, 'coronal'), SIX);
    writeSeries(join(root, 'coronal-extra'), [1], () => ({ x00200037: ds([1, 0, 0, 0, 0, -1]), x00080018: ui('1.2.3.98') }));
    copyFileSync(join(root, 'coronal-extra', 'slice1.dcm'), join(dir, 'coronal.dcm'));
    const s = unwrap(await loadCtSeries(dir));
    expect(s.volume.dims[2]).toBe(6);
    expect(s.warnings.join('\n')).toMatch(/orientation or size differ.*coronal\.dcm/);
  });

  it('two series in one folder: the failure lists both and a UID picks one', async () => {
    const dir = writeSeries(join(root, 'two'), SIX);
    writeSeries(dir, [20, 21, 22], () => ({ x0020000e: ui('1.2.826.0.1.3680043.2.1125.7.7'), x0008103e: { vr: 'LO', value: 'second' } }));
    const e = errorOf(await loadCtSeries(dir));
    expect(e).toMatch(/holds 2 image series; choose one with --series UID/);
    expect(e).toContain('1.2.826.0.1.3680043.2.1125.7.7 (CT, #2, "second", 3 slices)');
    expect(e).toContain('B70f", 6 slices');
    const s = unwrap(await loadCtSeries(dir, { seriesUid: '1.2.826.0.1.3680043.2.1125.7.7' }));
    expect(s.volume.dims[2]).toBe(3);
    expect(errorOf(await loadCtSeries(dir, { seriesUid: '9.9.9' }))).toMatch(/no image series with UID 9\.9\.9/);
  });

  it('a file truncated inside its pixel data', async () => {
    const dir = writeSeries(join(root, 'cut-pixels'), SIX);
    const f = join(dir, 'slice13.dcm');
    const bytes = readFileSync(f);
    writeFileSync(f, bytes.subarray(0, bytes.length - 100_000));
    const e = errorOf(await loadCtSeries(dir));
    expect(e).toMatch(/slice13\.dcm: file is truncated/);
  });

  it('a file truncated inside its header is skipped; the gap it leaves is reported with the reason', async () => {
    const dir = writeSeries(join(root, 'cut-header'), SIX);
    const f = join(dir, 'slice13.dcm');
    writeFileSync(f, readFileSync(f).subarray(0, 700));
    const scan = unwrap(await scanDicom(dir));
    expect(scan.skipped.map((s) => s.file)).toEqual([f]);
    expect(scan.skipped[0]!.reason).toMatch(/truncated/);
    const e = errorOf(await loadCtSeries(dir));
    expect(e).toMatch(/missing slices/);
    expect(e).toMatch(/slice13\.dcm: file is truncated/);
  });

  it('non-DICOM files beside the images are skipped; alone they give a clear failure', async () => {
    const dir = writeSeries(join(root, 'with-notes'), SIX);
    writeFileSync(join(dir, 'notes.txt'), 'scanned on the new CT\n');
    writeFileSync(join(dir, 'empty.dcm'), '');
    const scan = unwrap(await scanDicom(dir));
    expect(scan.skipped.map((s) => s.reason)).toEqual(['not a DICOM file (no "DICM" marker at byte 128)', 'not a DICOM file (no "DICM" marker at byte 128)']);
    expect(unwrap(await loadCtSeries(dir)).volume.dims[2]).toBe(6);
    const e = errorOf(await loadCtSeries(join(dir, 'notes.txt')));
    expect(e).toMatch(/notes\.txt: not a DICOM file/);
  });
});
