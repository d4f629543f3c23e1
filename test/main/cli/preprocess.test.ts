import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../../../src/main/io/nifti/read';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { unwrap } from '../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const SMALL = sharedData('totalsegmentator', 'tests', 'reference_files', 'example_ct_sm.nii.gz');
const B40F = sharedData('lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834', '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
if (!SMALL) console.warn(missingDataMessage('totalsegmentator', 'tests', 'reference_files'));
if (!B40F || !XML) console.warn(missingDataMessage('lung-pet-ct-dx'));
const dir = tempDir();
const lungts = cliRunner(dir);

interface Manifest { target: string; crops: { name: string; start: number[]; crop: { dims: number[]; spacing: number[] } }[] }

describe.skipIf(!SMALL)('lungts preprocess --target student', () => {
  it('writes the lung mask and one normalised crop per lung, sizes multiples of 16 at 1 x 1 x 1.5 mm', () => {
    const r = lungts('preprocess', SMALL!, '--target', 'student', '-o', 'student', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[] };
    expect(out.files.map((f) => f.split('/').pop())).toEqual(['lungs.nii.gz', 'student-right.nii.gz', 'student-left.nii.gz', 'crops.json']);
    const manifest = JSON.parse(readFileSync(join(dir, 'student', 'crops.json'), 'utf8')) as Manifest;
    expect(manifest.crops.map((c) => c.name)).toEqual(['student-right', 'student-left']);
    for (const name of ['right', 'left']) {
      const crop = unwrap(readNifti(join(dir, 'student', `student-${name}.nii.gz`))).volume;
      expect(crop.dims.every((d) => d % 16 === 0)).toBe(true);
      crop.spacing.forEach((s, a) => expect(s).toBeCloseTo([1, 1, 1.5][a]!, 4));
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of crop.data) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      expect(lo).toBeLessThan(-1); // z-scored: air well below the mean
      expect(hi).toBeGreaterThan(1);
    }
  });

  it('uses a given lung mask and refuses one on another grid', () => {
    const ct = unwrap(readNifti(SMALL!)).volume;
    const only = new Uint8Array(ct.data.length);
    only[Math.floor(only.length / 2)] = 2;
    writeNifti(join(dir, 'one.nii.gz'), { ...ct, data: only });
    const r = lungts('preprocess', SMALL!, '--target', 'student', '--lungs', 'one.nii.gz', '-o', 'given', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { files: string[] }).files.map((f) => f.split('/').pop())).toEqual(['student-left.nii.gz', 'crops.json']);
    writeNifti(join(dir, 'small.nii.gz'), { ...ct, dims: [4, 4, 4], data: new Uint8Array(64) });
    const bad = lungts('preprocess', SMALL!, '--target', 'student', '--lungs', 'small.nii.gz', '-o', 'bad');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not on the CT's grid/);
  });

  it('usage errors exit 2: no --target, a wrong target, teacher without --boxes', () => {
    expect(lungts('preprocess', SMALL!, '-o', 'x').code).toBe(2);
    expect(lungts('preprocess', SMALL!, '--target', 'pupil', '-o', 'x').code).toBe(2);
    expect(lungts('preprocess', SMALL!, '--target', 'teacher', '-o', 'x').code).toBe(2);
  });
});

describe.skipIf(!B40F || !XML)('lungts preprocess --target teacher', () => {
  it('writes the 128^3 CT and box-mask channels for the A0002 tumour', () => {
    const boxes = lungts('boxes', XML!, '--ct', B40F!, '-o', 'a2.json');
    expect(boxes.code, boxes.stderr).toBe(0);
    const r = lungts('preprocess', B40F!, '--target', 'teacher', '--boxes', 'a2.json', '-o', 'teacher', '--json');
    expect(r.code, r.stderr).toBe(0);
    const ctCrop = unwrap(readNifti(join(dir, 'teacher', 'teacher-t1-ct.nii.gz'))).volume;
    const boxCrop = unwrap(readNifti(join(dir, 'teacher', 'teacher-t1-boxes.nii.gz'))).volume;
    expect(ctCrop.dims).toEqual([128, 128, 128]);
    expect(boxCrop.dims).toEqual([128, 128, 128]);
    let inBox = 0;
    for (const v of boxCrop.data) inBox += v;
    // Ten boxes of about 60 x 80 pixels (0.65 mm) on 8 mm slices: tens of thousands of 1 x 1 x 1.5 mm voxels.
    expect(inBox).toBeGreaterThan(20_000);
    const wrongTumor = lungts('preprocess', B40F!, '--target', 'teacher', '--boxes', 'a2.json', '--tumor', '3', '-o', 'teacher');
    expect(wrongTumor.code).toBe(1);
    expect(wrongTumor.stderr).toMatch(/no box belongs to tumour 3/);
  });
});
