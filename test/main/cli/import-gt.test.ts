import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../../../src/main/io/nifti/read';
import { unwrap } from '../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { readNrrd } from '../io/seg/nrrd';

const DCMQI = sharedData('seg', 'dcmqi', 'data', 'segmentations');
const RT = sharedData('rtstruct', 'rt-utils', 'tests', 'mock_data');
if (!DCMQI) console.warn(missingDataMessage('seg', 'dcmqi'));
if (!RT) console.warn(missingDataMessage('rtstruct', 'rt-utils'));
const dir = tempDir();
const lungts = cliRunner(dir);

function sum(data: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < data.length; p++) s += data[p]!;
  return s;
}

describe.skipIf(!DCMQI)('lungts import-gt (SEG)', () => {
  it('imports liver.dcm onto ct-3slice as NIfTI equal to the dcmqi reference label map', () => {
    const r = lungts('import-gt', join(DCMQI!, 'liver.dcm'), '--ct', join(DCMQI!, 'ct-3slice'), '-o', 'liver.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'SEG', dims: [512, 512, 3], labels: [{ value: 1, name: 'Liver', source: 1, voxels: 107098 }] });
    const mask = unwrap(readNifti(join(dir, 'liver.nii.gz'))).volume;
    const ref = readNrrd(join(DCMQI!, 'liver_seg.nrrd'));
    let differ = 0;
    for (let q = 0; q < ref.data.length; q++) if (mask.data[q] !== (ref.data[q] ? 1 : 0)) differ++;
    expect(differ).toBe(0);
  });

  it('picks segments by name with --roi, several giving a label map', () => {
    const r = lungts('import-gt', join(DCMQI!, 'partial_overlaps.dcm'), '--ct', join(DCMQI!, 'ct-3slice'), '--roi', 'purple', '--roi', 'DARK_BLUE', '-o', 'two.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const labels = (JSON.parse(r.stdout) as { labels: { value: number; name: string }[] }).labels;
    expect(labels.map((l) => [l.value, l.name])).toEqual([[3, 'PURPLE'], [5, 'DARK_BLUE']]);
  });

  it('exits 1 for a SEG of another series, an unknown name or a CT file given as ground truth', () => {
    const other = lungts('import-gt', join(DCMQI!, '24x38x3', 'seg', 'label.seg'), '--ct', join(DCMQI!, '24x38x3', 'multiframe'), '-o', 'x.nii.gz');
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/segments series .* but the CT given is series/);
    const name = lungts('import-gt', join(DCMQI!, 'liver.dcm'), '--ct', join(DCMQI!, 'ct-3slice'), '--roi', 'GTV-1', '-o', 'x.nii.gz');
    expect(name.code).toBe(1);
    expect(name.stderr).toMatch(/no segment named "GTV-1"/);
    const ct = lungts('import-gt', join(DCMQI!, 'ct-3slice', '01.dcm'), '--ct', join(DCMQI!, 'ct-3slice'), '-o', 'x.nii.gz');
    expect(ct.code).toBe(1);
    expect(ct.stderr).toMatch(/not a DICOM SEG or RTSTRUCT \(modality CT\)/);
  });

  it('exits 2 for a threshold outside 0..1 or an output that is not NIfTI', () => {
    expect(lungts('import-gt', join(DCMQI!, 'liver.dcm'), '--ct', join(DCMQI!, 'ct-3slice'), '--threshold', '2', '-o', 'x.nii.gz').code).toBe(2);
    expect(lungts('import-gt', join(DCMQI!, 'liver.dcm'), '--ct', join(DCMQI!, 'ct-3slice'), '-o', 'x.dcm').code).toBe(2);
  });
});

describe.skipIf(!RT)('lungts import-gt (RTSTRUCT)', () => {
  it('rasterises ROI-1 of rt.dcm onto the CT found in the same folder', () => {
    const r = lungts('import-gt', join(RT!, 'rt.dcm'), '--ct', RT!, '--roi', 'ROI-1', '-o', 'rt.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { kind: string; dims: number[]; labels: { voxels: number }[] };
    expect(json.kind).toBe('RTSTRUCT');
    expect(json.dims).toEqual([512, 512, 2]);
    const mask = unwrap(readNifti(join(dir, 'rt.nii.gz'))).volume;
    expect(sum(mask.data)).toBe(json.labels[0]!.voxels);
    expect(json.labels[0]!.voxels).toBeGreaterThan(1000);
  });

  it('exits 1 for the structure sets with invalid and missing references', () => {
    for (const f of ['invalid_reference_rt.dcm', 'non_existent_reference_rt.dcm']) {
      const r = lungts('import-gt', join(RT!, f), '--ct', RT!, '-o', 'x.nii.gz', '--json');
      expect(r.code, f).toBe(1);
      expect(r.stderr).toMatch(/references image .* which is not in the CT series .* invalid references/);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
    }
  });
});
