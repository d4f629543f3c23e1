import { join } from 'node:path';
import type { BoxSet } from '../../shared/boxes/types';
import { fail, ok, type Result } from '../../shared/result';
import { geometryOf, type Mask, type Volume } from '../../shared/volume/volume';
import { writeNifti } from '../io/nifti/write';
import { studentCrops } from './student-crops';
import { teacherCrop } from './teacher-crop';

export interface WrittenCrops {
  readonly files: string[];
  /** crops.json content: every crop's grid and the CT grid it pastes back onto. */
  readonly manifest: unknown;
  readonly warnings: string[];
}

function write(path: string, v: Volume): Result<string> {
  try {
    writeNifti(path, v);
    return ok(path);
  } catch (e) {
    return fail(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Writes student-right / student-left NIfTI crops (z-scored CT on the crop grid) for inspection. */
export async function writeStudentCrops(ct: Volume, lungs: Mask, outDir: string): Promise<Result<WrittenCrops>> {
  const made = await studentCrops(ct, lungs);
  if (!made.ok) return made;
  const files: string[] = [];
  const crops = [];
  for (const c of made.value.crops) {
    const file = write(join(outDir, `student-${c.side}.nii.gz`), c.input);
    if (!file.ok) return file;
    files.push(file.value);
    crops.push({ name: `student-${c.side}`, label: c.label, file: file.value, start: c.start, crop: c.transform.crop });
  }
  return ok({ files, manifest: { target: 'student', stats: made.value.stats, resampled: made.value.resampled, ctGrid: geometryOf(ct), crops }, warnings: [] });
}

/** Writes teacher-t<N>-ct / teacher-t<N>-boxes NIfTI crops for one tumour or all of them. */
export async function writeTeacherCrops(ct: Volume, boxes: BoxSet, outDir: string, tumor?: number): Promise<Result<WrittenCrops>> {
  const tumors = tumor !== undefined ? [tumor] : [...new Set(boxes.boxes.map((b) => b.tumor))].sort((a, b) => a - b);
  if (tumors.length === 0) return fail('the box file holds no boxes');
  const files: string[] = [];
  const crops = [];
  const warnings: string[] = [];
  for (const t of tumors) {
    const made = await teacherCrop(ct, boxes, t);
    if (!made.ok) return made;
    warnings.push(...made.value.warnings);
    const ctFile = write(join(outDir, `teacher-t${t}-ct.nii.gz`), made.value.ct);
    if (!ctFile.ok) return ctFile;
    const boxFile = write(join(outDir, `teacher-t${t}-boxes.nii.gz`), { ...made.value.boxMask, data: Uint8Array.from(made.value.boxMask.data) });
    if (!boxFile.ok) return boxFile;
    files.push(ctFile.value, boxFile.value);
    crops.push({ name: `teacher-t${t}`, tumor: t, files: [ctFile.value, boxFile.value], start: made.value.start, crop: made.value.transform.crop });
  }
  return ok({ files, manifest: { target: 'teacher', ctGrid: geometryOf(ct), crops }, warnings });
}
