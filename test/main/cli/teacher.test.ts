import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedModelsDir, SHIPPED_TEACHER } from '../../../src/main/inference/models';
import { readBoxSet } from '../../../src/main/io/boxes/box-json';
import { readVocBoxes } from '../../../src/main/io/boxes/voc-read';
import { loadCtSeries } from '../../../src/main/io/dicom/load-series';
import { readNifti } from '../../../src/main/io/nifti/read';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import { reorient } from '../../../src/shared/volume/orientation';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { writeTinyModel } from '../inference/tiny-model';

const dir = tempDir();
const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const B40F = sharedData(...STUDY, '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
const SHIPPED = join(shippedModelsDir(), SHIPPED_TEACHER);
if (!B40F || !XML) console.warn(missingDataMessage('lung-pet-ct-dx'));
if (!existsSync(SHIPPED)) console.warn(`skipped: the shipped teacher ${SHIPPED} is absent (scripts/train-shipped-models.mjs makes it)`);

const lungts = cliRunner(dir);

beforeAll(() => {
  const made = lungts('phantom', '--seed', '12', '--size', 'small', '--tumors', '2', '--out', 'ph');
  if (made.code !== 0) throw new Error(made.stderr);
  writeTinyModel(join(dir, 'tiny-teacher.onnx'), 'teacher', [32, 32, 32]);
});

describe('lungts teacher', () => {
  it('turns boxes.json into a mask on the CT grid that never leaves the boxed region', () => {
    const r = lungts('teacher', 'ph/ct.nii.gz', '--boxes', 'ph/boxes.json', '-o', 't.nii.gz', '--model', 'tiny-teacher.onnx', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { boxes_read: number; tumours: { tumor: number }[]; confidence: number };
    const boxes = unwrap(readBoxSet(join(dir, 'ph/boxes.json')));
    expect(j.boxes_read).toBe(boxes.boxes.length);
    expect(j.tumours.map((t) => t.tumor)).toEqual([...new Set(boxes.boxes.map((b) => b.tumor))].sort((a, b) => a - b));
    expect(j.confidence).toBeGreaterThanOrEqual(0);
    expect(j.confidence).toBeLessThanOrEqual(1);
    const ct = unwrap(readNifti(join(dir, 'ph/ct.nii.gz'))).volume;
    const mask = unwrap(readNifti(join(dir, 't.nii.gz'))).volume;
    expect(sameGeometry(mask, ct)).toBe(true);
    // The phantom's grid is already LPS, so the boxes' indices are the mask's. Each tumour's
    // region: the union of its boxes in-plane grown by 2 voxels, its slice range grown by 1.
    const regions = [...new Set(boxes.boxes.map((b) => b.tumor))].map((t) => {
      const own = boxes.boxes.filter((b) => b.tumor === t);
      return {
        i0: Math.min(...own.map((b) => b.i0)) - 2, i1: Math.max(...own.map((b) => b.i1)) + 2,
        j0: Math.min(...own.map((b) => b.j0)) - 2, j1: Math.max(...own.map((b) => b.j1)) + 2,
        k0: Math.min(...own.map((b) => b.k)) - 1, k1: Math.max(...own.map((b) => b.k)) + 1,
      };
    });
    const [nx, ny] = mask.dims;
    let outside = 0;
    for (let q = 0; q < mask.data.length; q++) {
      if (!mask.data[q]) continue;
      const i = q % nx, j2 = Math.floor(q / nx) % ny, k = Math.floor(q / (nx * ny));
      const near = regions.some((g) => i >= g.i0 && i <= g.i1 && j2 >= g.j0 && j2 <= g.j1 && k >= g.k0 && k <= g.k1);
      if (!near) outside++;
    }
    expect(outside).toBe(0);
  });

  it('needs the DICOM series for a VOC XML folder, and a teacher (not a student) model', () => {
    writeTinyModel(join(dir, 'tiny-student.onnx'), 'student', [32, 32, 32]);
    const wrongModel = lungts('teacher', 'ph/ct.nii.gz', '--boxes', 'ph/boxes.json', '-o', 'x.nii.gz', '--model', 'tiny-student.onnx');
    expect(wrongModel.code).toBe(1);
    expect(wrongModel.stderr).toMatch(/student .*not a teacher/);
    if (XML) {
      const xmlOnNifti = lungts('teacher', 'ph/ct.nii.gz', '--boxes', XML, '-o', 'x.nii.gz', '--model', 'tiny-teacher.onnx');
      expect(xmlOnNifti.code).toBe(1);
      expect(xmlOnNifti.stderr).toMatch(/DICOM series/);
    }
    expect(lungts('teacher', 'ph/ct.nii.gz', '-o', 'x.nii.gz').code).toBe(2);
  });

  it.skipIf(!B40F || !XML || !existsSync(SHIPPED))('on the real A0002 CT, the shipped teacher marks tumour inside every boxed slice', async () => {
    const r = lungts('teacher', B40F!, '--boxes', XML!, '-o', 'a2.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const series = unwrap(await loadCtSeries(B40F!));
    const boxes = unwrap(readVocBoxes(XML!, series)).set;
    expect(boxes.boxes.length).toBeGreaterThan(0);
    const mask = reorient(unwrap(readNifti(join(dir, 'a2.nii.gz'))).volume, 'LPS');
    const [nx, ny] = mask.dims;
    for (const b of boxes.boxes) {
      let inside = 0;
      for (let j = b.j0; j <= b.j1; j++) for (let i = b.i0; i <= b.i1; i++) inside += mask.data[i + nx * (j + ny * b.k)]! ? 1 : 0;
      expect(inside, `slice ${b.k}`).toBeGreaterThan(0);
    }
  });
});
