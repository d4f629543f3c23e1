import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCtSeries } from '../../../src/main/io/dicom/load-series';
import { readNifti } from '../../../src/main/io/nifti/read';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import { missingDataMessage } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { a0002Slice, A0002_B70, writeSeries } from '../io/dicom/helpers/a0002';
import { cs, ui } from '../io/dicom/helpers/edit-dicom';

const have = a0002Slice(1) !== undefined;
if (!have) console.warn(missingDataMessage(...A0002_B70));
const dir = tempDir();
const lungts = cliRunner(dir);

describe.skipIf(!have)('lungts convert', () => {
  it('writes the series as NIfTI with the same voxels and grid, and reports it in one JSON object', async () => {
    const src = writeSeries(join(dir, 'six'), [10, 11, 12, 13, 14, 15]);
    const r = lungts('convert', src, 'six.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { output: string; volume: { dims: number[]; orientation: string }; source: string };
    expect(json.output).toBe(join(dir, 'six.nii.gz'));
    expect(json.source).toBe('dicom');
    expect(json.volume.dims).toEqual([512, 512, 6]);
    expect(json.volume.orientation).toBe('LPS');
    const written = unwrap(readNifti(join(dir, 'six.nii.gz'))).volume;
    const loaded = unwrap(await loadCtSeries(src)).volume;
    expect(sameGeometry(written, loaded, 1e-4)).toBe(true);
    expect(Buffer.from(written.data.buffer, written.data.byteOffset, written.data.byteLength).equals(Buffer.from(loaded.data.buffer))).toBe(true);
  });

  it('--series picks one series of a folder that holds two', () => {
    const src = writeSeries(join(dir, 'two-ok'), [10, 11, 12]);
    writeSeries(src, [20, 21], () => ({ x0020000e: ui('1.2.826.0.1.3680043.2.1125.8.8') }));
    const r = lungts('convert', src, 'second.nii', '--series', '1.2.826.0.1.3680043.2.1125.8.8');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*second\.nii: 512 x 512 x 2 voxels/);
  });

  const bad: { name: string; make: () => string; message: RegExp }[] = [
    {
      name: 'a truncated file',
      make: () => {
        const f = join(dir, 'truncated.dcm');
        writeFileSync(f, readFileSync(a0002Slice(3)!).subarray(0, 300_000));
        return f;
      },
      message: /truncated\.dcm: file is truncated/,
    },
    {
      name: 'a non-DICOM file',
      make: () => {
        const f = join(dir, 'report.pdf');
        writeFileSync(f, '%PDF-1.4 not an image');
        return f;
      },
      message: /report\.pdf: not a DICOM file/,
    },
    { name: 'the wrong modality', make: () => writeSeries(join(dir, 'pet'), [10, 11, 12], () => ({ x00080060: cs('PT') })), message: /is PT, not CT/ },
    {
      name: 'a folder with two series',
      make: () => {
        const src = writeSeries(join(dir, 'two'), [10, 11, 12]);
        writeSeries(src, [20, 21], () => ({ x0020000e: ui('1.2.826.0.1.3680043.2.1125.9.9') }));
        return src;
      },
      message: /holds 2 image series; choose one with --series UID: .*1\.2\.826\.0\.1\.3680043\.2\.1125\.9\.9/,
    },
    { name: 'a missing slice', make: () => writeSeries(join(dir, 'gap'), [10, 11, 13, 14]), message: /missing slices.*slice13\.dcm.*slice11\.dcm/ },
  ];
  for (const b of bad) {
    it(`${b.name}: exit 1, a message naming the problem, no output file`, () => {
      const out = `${b.name.replace(/\W+/g, '-')}.nii.gz`;
      const r = lungts('convert', b.make(), out);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(b.message);
      expect(existsSync(join(dir, out))).toBe(false);
      const j = lungts('convert', b.make(), out, '--json');
      expect(j.code).toBe(1);
      expect((JSON.parse(j.stdout) as { ok: boolean; error: string }).error).toMatch(b.message);
    });
  }

  it('usage errors exit 2', () => {
    expect(lungts('convert', 'only-one-arg').code).toBe(2);
    expect(lungts('convert', 'in', 'out.png').code).toBe(2);
    expect(lungts('convert', 'in', 'out.nii', '--series').code).toBe(2);
  });
});
