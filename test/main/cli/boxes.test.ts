import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoxSet } from '../../../src/main/io/boxes/box-json';
import { readNifti } from '../../../src/main/io/nifti/read';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const B40F = sharedData(...STUDY, '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
if (!B40F || !XML) console.warn(missingDataMessage('lung-pet-ct-dx'));
const dir = tempDir();
const lungts = cliRunner(dir);

function sum(data: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < data.length; p++) s += data[p]!;
  return s;
}

interface BoxesJson { source: string; boxes: number; tumors: number; slices: number[]; labels: string[]; xmlFiles: number; xmlFilesOfOtherSeries: number }

describe.skipIf(!B40F || !XML)('lungts boxes', () => {
  it('reads the A0002 XML folder onto the B40f series, writes boxes.json and the box mask', () => {
    const r = lungts('boxes', XML!, '--ct', B40F!, '-o', 'a2.json', '--mask', 'a2-mask.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as BoxesJson;
    expect(json).toMatchObject({ source: 'voc-xml', boxes: 10, tumors: 1, labels: ['A'], xmlFiles: 18, xmlFilesOfOtherSeries: 8 });
    // 1-09.dcm .. 1-18.dcm are ten consecutive slices.
    expect(json.slices).toHaveLength(10);
    expect(json.slices[9]! - json.slices[0]!).toBe(9);
    const set = unwrap(readBoxSet(join(dir, 'a2.json')));
    const area = set.boxes.reduce((a, b) => a + (b.i1 - b.i0 + 1) * (b.j1 - b.j0 + 1), 0);
    const mask = unwrap(readNifti(join(dir, 'a2-mask.nii.gz'))).volume;
    expect(sameGeometry(mask, set.grid, 1e-3)).toBe(true);
    expect(sum(mask.data)).toBe(area);
  });

  it('re-reads its own boxes.json against the CT (DICOM or NIfTI) to the same boxes', () => {
    expect(lungts('boxes', XML!, '--ct', B40F!, '-o', 'first.json').code).toBe(0);
    const r = lungts('boxes', 'first.json', '--ct', B40F!, '-o', 'second.json', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as BoxesJson).source).toBe('boxes-json');
    expect(readFileSync(join(dir, 'second.json'), 'utf8')).toBe(readFileSync(join(dir, 'first.json'), 'utf8'));
    // The same CT as NIfTI fits the file too (boxes.json needs no DICOM references).
    expect(lungts('convert', B40F!, 'ct.nii.gz').code).toBe(0);
    const n = lungts('boxes', 'first.json', '--ct', 'ct.nii.gz', '-o', 'third.json');
    expect(n.code, n.stderr).toBe(0);
    expect(unwrap(readBoxSet(join(dir, 'third.json'))).boxes).toEqual(unwrap(readBoxSet(join(dir, 'first.json'))).boxes);
  });

  function xmlCopy(name: string, edit: (text: string) => string): string {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    for (const f of readdirSync(XML!)) writeFileSync(join(d, f), edit(readFileSync(join(XML!, f), 'utf8')));
    return d;
  }

  it('exits 1 naming a malformed XML file', () => {
    const bad = xmlCopy('malformed', (t) => t.replace('</annotation>', ''));
    const r = lungts('boxes', bad, '--ct', B40F!, '-o', 'x.json', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lungts boxes: .*\.xml: malformed XML/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
  });

  it('exits 1 for a box outside the image', () => {
    const bad = xmlCopy('outside', (t) => t.replace(/<ymax>\d+<\/ymax>/, '<ymax>600</ymax>'));
    const r = lungts('boxes', bad, '--ct', B40F!, '-o', 'x.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lies outside the 512x512 image/);
  });

  it('exits 1 when a boxes.json does not fit the CT, and for XML with a NIfTI CT', () => {
    const set = JSON.parse(readFileSync(join(dir, 'a2.json'), 'utf8')) as { grid: { spacing: number[] } };
    set.grid.spacing = [0.5, 0.5, 8];
    writeFileSync(join(dir, 'other-grid.json'), JSON.stringify(set));
    const r = lungts('boxes', 'other-grid.json', '--ct', B40F!, '-o', 'x.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/other-grid\.json does not fit the CT/);
    const n = lungts('boxes', XML!, '--ct', 'a2-mask.nii.gz', '-o', 'x.json');
    expect(n.code).toBe(1);
    expect(n.stderr).toMatch(/--ct must be the DICOM series, not NIfTI/);
  });

  it('exits 2 without --ct', () => {
    expect(lungts('boxes', XML!, '-o', 'x.json').code).toBe(2);
  });
});
