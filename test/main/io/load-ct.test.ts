import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadCt } from '../../../src/main/io/load-ct';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { tempDir } from '../../helpers/tmp';

const SERIES = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834', '2.000000-ThoraxRoutine  8.0.0  B70f-62919'];
const B70 = sharedData(...SERIES);
if (!B70) console.warn(missingDataMessage(...SERIES));
const dir = tempDir();

describe('loadCt', () => {
  it.skipIf(!B70)('loads a DICOM folder and the NIfTI written from it to the same voxels and grid', async () => {
    const d = unwrap(await loadCt(B70!));
    expect(d.source).toBe('dicom');
    expect(d.dicom?.slices).toHaveLength(30);
    const path = join(dir, 'ct.nii.gz');
    writeNifti(path, d.volume);
    const n = unwrap(await loadCt(path));
    expect(n.source).toBe('nifti');
    expect(n.dicom).toBeUndefined();
    expect(sameGeometry(n.volume, d.volume, 1e-4)).toBe(true);
    expect(Array.from(n.volume.data.subarray(0, 5000))).toEqual(Array.from(d.volume.data.subarray(0, 5000)));
  });

  it.skipIf(!B70)('puts the voxels on shared memory when asked (the CLI), from DICOM on one or more threads and from NIfTI', async () => {
    const plain = unwrap(await loadCt(B70!)).volume.data;
    expect(plain.buffer).toBeInstanceOf(ArrayBuffer);
    for (const threads of [1, 2]) {
      const d = unwrap(await loadCt(B70!, { shared: true, threads })).volume.data;
      expect(d.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(d.length).toBe(plain.length);
      expect(d.every((x, q) => x === plain[q])).toBe(true);
    }
    const path = join(dir, 'shared.nii.gz');
    writeNifti(path, unwrap(await loadCt(B70!)).volume);
    const n = unwrap(await loadCt(path, { shared: true })).volume.data;
    expect(n.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(n.every((x, q) => x === plain[q])).toBe(true);
  });

  it('names the problem for a missing path, a broken NIfTI and a folder without DICOM', async () => {
    const missing = await loadCt(join(dir, 'nope'));
    expect(missing.ok ? '' : missing.error).toMatch(/nope: no such file or folder/);
    writeFileSync(join(dir, 'broken.nii.gz'), 'not gzip at all, and not nifti either');
    const broken = await loadCt(join(dir, 'broken.nii.gz'));
    expect(broken.ok ? '' : broken.error).toContain('broken.nii.gz');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const none = await loadCt(dir);
    expect(none.ok ? '' : none.error).toMatch(/no DICOM image series found/);
  });
});
