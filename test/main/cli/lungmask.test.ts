import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../../../src/main/io/nifti/read';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const SMALL = sharedData('totalsegmentator', 'tests', 'reference_files', 'example_ct_sm.nii.gz');
const LARGE = sharedData('totalsegmentator', 'tests', 'reference_files', 'example_ct.nii.gz');
if (!SMALL || !LARGE) console.warn(missingDataMessage('totalsegmentator', 'tests', 'reference_files'));
const dir = tempDir();
const lungts = cliRunner(dir);

describe.skipIf(!SMALL || !LARGE)('lungts lungmask', () => {
  it('writes right (1) and left (2) lungs on the CT grid and reports their volumes', () => {
    const r = lungts('lungmask', SMALL!, '-o', 'lungs.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { rightMl: number; leftMl: number; output: string; warnings: string[] };
    expect(out.rightMl).toBeGreaterThan(30);
    expect(out.leftMl).toBeGreaterThan(20);
    expect(out.warnings.join(' ')).toMatch(/top slice/);
    const ct = unwrap(readNifti(SMALL!)).volume;
    const mask = unwrap(readNifti(join(dir, 'lungs.nii.gz'))).volume;
    expect(sameGeometry(ct, mask, 1e-4)).toBe(true);
    expect(new Set(mask.data)).toEqual(new Set([0, 1, 2]));
  });

  it('on a pelvis-only CT writes an empty mask with a warning, not a failure', () => {
    const ct = unwrap(readNifti(LARGE!)).volume;
    const slices = 40; // the lowest 12 cm: pelvis, far below the lungs
    const n = ct.dims[0] * ct.dims[1] * slices;
    writeNifti(join(dir, 'pelvis.nii.gz'), { ...ct, dims: [ct.dims[0], ct.dims[1], slices], data: ct.data.slice(0, n) });
    const r = lungts('lungmask', 'pelvis.nii.gz', '-o', 'none.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no lung found/);
    const mask = unwrap(readNifti(join(dir, 'none.nii.gz'))).volume;
    expect(mask.data.every((v) => v === 0)).toBe(true);
  });

  it('names a missing input (exit 1) and a missing -o (exit 2)', () => {
    const missing = lungts('lungmask', 'nope.nii.gz', '-o', 'x.nii.gz');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.nii\.gz/);
    expect(lungts('lungmask', SMALL!).code).toBe(2);
    expect(lungts('lungmask', SMALL!, '-o', 'x.txt').code).toBe(2);
  });
});
