import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { A0002_B70, A0002_STUDY, writeSeries } from '../io/dicom/helpers/a0002';

const dir = tempDir();
const lungts = cliRunner(dir);

interface Series {
  seriesInstanceUid: string;
  modality: string;
  slices: number;
  seriesDescription: string;
  transferSyntaxes: string[];
  volume?: { dims: number[]; spacing: number[]; direction: number[]; orientation: string; valueRange: [number, number] };
  warnings: string[];
  error?: string;
}

const study = sharedData(...A0002_STUDY);
if (!study) console.warn(missingDataMessage(...A0002_STUDY));

describe('lungts info', () => {
  it.skipIf(!study)('lists both A0002 reconstructions with grid, modality and HU range', () => {
    const r = lungts('info', study!, '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { kind: string; series: Series[]; skipped: unknown[] };
    expect(json.kind).toBe('dicom');
    expect(json.series.map((s) => s.seriesDescription)).toEqual(['ThoraxRoutine  8.0.0  B70f', 'ThoraxRoutine  8.0.0  B40f']);
    for (const s of json.series) {
      expect(s.modality).toBe('CT');
      expect(s.transferSyntaxes).toEqual(['explicit VR little endian']);
      expect(s.volume!.dims).toEqual([512, 512, 30]);
      expect(s.volume!.spacing).toEqual([0.646484, 0.646484, 8]);
      expect(s.volume!.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      expect(s.volume!.valueRange[0]).toBe(-1024);
      expect(s.volume!.valueRange[1]).toBeGreaterThan(1000);
    }
    const text = lungts('info', study!);
    expect(text.stdout).toContain('grid 512 x 512 x 30, spacing 0.646 x 0.646 x 8.000 mm, orientation LPS');
  });

  it.skipIf(!sharedData(...A0002_B70))('a series with a missing slice is still listed, with the problem', () => {
    const src = writeSeries(join(dir, 'gap'), [10, 11, 13, 14]);
    const r = lungts('info', src, '--json');
    expect(r.code).toBe(0);
    const s = (JSON.parse(r.stdout) as { series: Series[] }).series[0]!;
    expect(s.slices).toBe(4);
    expect(s.error).toMatch(/missing slices/);
    expect(lungts('info', src).stdout).toMatch(/cannot load as a volume: missing slices/);
  });

  const nifti = sharedData('totalsegmentator', 'tests', 'reference_files', 'example_ct_sm.nii.gz');
  it.skipIf(!nifti)('describes a NIfTI file', () => {
    const r = lungts('info', nifti!, '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { kind: string; volume: { dims: number[]; orientation: string } };
    expect(json.kind).toBe('nifti');
    expect(json.volume.dims).toEqual([122, 101, 30]);
    expect(json.volume.orientation).toBe('RAS');
  });

  const lungmask = sharedData('lungmask-slices', '0.dcm');
  it.skipIf(!lungmask)('a single slice with minimal headers (no Modality) loads with a warning', () => {
    const r = lungts('info', lungmask!, '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = (JSON.parse(r.stdout) as { series: Series[] }).series[0]!;
    expect(s.modality).toBe('');
    expect(s.volume!.dims).toEqual([512, 512, 1]);
    expect(s.volume!.spacing).toEqual([0.625, 0.625, 1]);
    expect(s.warnings.join(' ')).toMatch(/no Modality/);
  });

  it('a missing path or a folder without DICOM exits 1 with the reason', () => {
    const missing = lungts('info', 'no-such-folder');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-folder: no such file or folder/);
    const notes = join(dir, 'only-notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'readme.txt'), 'no images here');
    const empty = lungts('info', notes);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no DICOM files found/);
  });
});
