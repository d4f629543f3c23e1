import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../../../src/main/io/nifti/read';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { unwrap } from '../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const B40F = sharedData(...STUDY, '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const B70F = sharedData(...STUDY, '2.000000-ThoraxRoutine  8.0.0  B70f-62919');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
if (!B40F || !B70F || !XML) console.warn(missingDataMessage('lung-pet-ct-dx'));
const dir = tempDir();
const lungts = cliRunner(dir);

function sum(data: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < data.length; p++) s += data[p]!;
  return s;
}

describe.skipIf(!B40F || !B70F || !XML)('lungts export-seg', () => {
  it('exports the A0002 box mask as SEG, and import-gt gives back the identical mask', () => {
    expect(lungts('boxes', XML!, '--ct', B40F!, '-o', 'a2.json', '--mask', 'mask.nii.gz').code).toBe(0);
    const r = lungts('export-seg', 'mask.nii.gz', '--ct', B40F!, '-o', 'mask.dcm', '--label', 'GTV-1', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { frames: number; segments: { label: string; voxels: number }[]; referencedSeriesInstanceUid: string };
    expect(json.frames).toBe(10);
    expect(json.segments.map((s) => s.label)).toEqual(['GTV-1']);
    const back = lungts('import-gt', 'mask.dcm', '--ct', B40F!, '--roi', 'GTV-1', '-o', 'back.nii.gz', '--json');
    expect(back.code, back.stderr).toBe(0);
    const a = unwrap(readNifti(join(dir, 'mask.nii.gz'))).volume;
    const b = unwrap(readNifti(join(dir, 'back.nii.gz'))).volume;
    expect(b.dims).toEqual(a.dims);
    expect(Buffer.compare(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength), Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))).toBe(0);
    expect(json.segments[0]!.voxels).toBe(sum(a.data));
  });

  it('accepts the mask stored in another axis order (RAS) and writes the same SEG content', () => {
    const mask = unwrap(readNifti(join(dir, 'mask.nii.gz'))).volume;
    // Same voxels, described with i toward the right and j toward anterior.
    const [nx, ny] = mask.dims;
    const data = new Uint8Array(mask.data.length);
    for (let p = 0; p < data.length; p++) {
      const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
      data[nx - 1 - i + nx * (ny - 1 - j + ny * k)] = mask.data[p]!;
    }
    const origin = [mask.origin[0] + (nx - 1) * mask.spacing[0], mask.origin[1] + (ny - 1) * mask.spacing[1], mask.origin[2]] as const;
    writeNifti(join(dir, 'ras.nii.gz'), { ...mask, origin, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], data });
    const r = lungts('export-seg', 'ras.nii.gz', '--ct', B40F!, '-o', 'ras.dcm', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(lungts('import-gt', 'ras.dcm', '--ct', B40F!, '-o', 'ras-back.nii.gz').code).toBe(0);
    const back = unwrap(readNifti(join(dir, 'ras-back.nii.gz'))).volume;
    expect(Buffer.compare(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength), Buffer.from(mask.data.buffer, mask.data.byteOffset, mask.data.byteLength))).toBe(0);
  });

  it('exits 1 for a mask whose grid is not the CT grid', () => {
    const mask = unwrap(readNifti(join(dir, 'mask.nii.gz'))).volume;
    writeNifti(join(dir, 'shifted.nii.gz'), { ...mask, origin: [mask.origin[0] + 0.3, mask.origin[1], mask.origin[2]] });
    const r = lungts('export-seg', 'shifted.nii.gz', '--ct', B40F!, '-o', 'x.dcm');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/shifted\.nii\.gz: the mask's grid .* does not match the CT's/);
  });

  it('exits 1 for a mask that is not a label mask (a probability map)', () => {
    const mask = unwrap(readNifti(join(dir, 'mask.nii.gz'))).volume;
    writeNifti(join(dir, 'prob.nii'), { ...mask, data: Float32Array.from(mask.data, (v) => v * 0.7) });
    const r = lungts('export-seg', 'prob.nii', '--ct', B40F!, '-o', 'x.dcm');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/prob\.nii: voxel \(\d+, \d+, \d+\) holds 0\.7; a mask must hold whole numbers 0\.\.255/);
  });

  it('exits 1 when a SEG made for B40f is imported onto B70f (another series of the same scan)', () => {
    const r = lungts('import-gt', 'mask.dcm', '--ct', B70F!, '-o', 'x.nii.gz');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mask\.dcm segments series .*, but the CT given is series/);
  });
});
