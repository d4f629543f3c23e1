import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const A0002 = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834', '3.000000-ThoraxRoutine  8.0.0  B40f-10983'];
const real = sharedData(...A0002);
if (!real) console.warn(missingDataMessage(...A0002));

const lungts = cliRunner(dir);

function pngSize(path: string): [number, number] {
  const b = readFileSync(path);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

beforeAll(() => {
  const r = lungts('phantom', '--seed', '8', '--size', 'small', '--tumors', '1', '--out', 'p');
  expect(r.code, r.stderr).toBe(0);
});

describe('lungts snapshot', () => {
  it('writes the three views through the tumour, with square pixels', () => {
    const r = lungts('snapshot', 'p/ct.nii.gz', '--mask', 'p/tumor.nii.gz', '-o', 'all.png', '--view', 'all', '--at', 'tumor', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { width: number; height: number; slices: Record<string, number> };
    expect(Object.keys(json.slices).sort()).toEqual(['axial', 'coronal', 'sagittal']);
    expect(pngSize(join(dir, 'all.png'))).toEqual([json.width, json.height]);
  });

  it('writes one view at a given slice and window', () => {
    const r = lungts('snapshot', 'p/ct.nii.gz', '-o', 'ax.png', '--slice', '10', '--window', 'mediastinum', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(pngSize(join(dir, 'ax.png'))).toEqual([160, 160]);
  });

  it('says what is wrong: --at tumor without a mask, a slice out of range, an unknown view', () => {
    const a = lungts('snapshot', 'p/ct.nii.gz', '-o', 'x.png', '--at', 'tumor');
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('--mask');
    expect(lungts('snapshot', 'p/ct.nii.gz', '-o', 'x.png', '--slice', '5000').code).toBe(1);
    expect(lungts('snapshot', 'p/ct.nii.gz', '-o', 'x.png', '--view', 'oblique').code).toBe(2);
    expect(lungts('snapshot', 'p/ct.nii.gz', '-o', 'x.png', '--mask', 'p/nothing.nii.gz').code).toBe(1);
  });

  it.skipIf(!real)('renders the real A0002 DICOM series', () => {
    const r = lungts('snapshot', real!, '-o', 'real.png', '--view', 'coronal', '--json');
    expect(r.code, r.stderr).toBe(0);
    const [w, h] = pngSize(join(dir, 'real.png'));
    // 512 columns of 0.646 mm; 30 slices of 8 mm shown at 0.646 mm per pixel.
    expect(w).toBe(512);
    expect(h).toBeGreaterThan(300);
  });
});

describe('lungts snapshot sizing', () => {
  it('shows the slices through a given voxel and shrinks to a width, as gray when there is no overlay', () => {
    const r = lungts('snapshot', 'p/ct.nii.gz', '-o', 'at.png', '--view', 'all', '--at', '40,50,20', '--width', '200', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { width: number; slices: Record<string, number> };
    expect(json.slices).toEqual({ axial: 20, coronal: 50, sagittal: 40 });
    expect(json.width).toBe(200);
    const b = readFileSync(join(dir, 'at.png'));
    expect(b[25]).toBe(0); // colour type 0: grayscale
    expect(lungts('snapshot', 'p/ct.nii.gz', '-o', 'x.png', '--at', '1,2').code).toBe(2);
  });
});
