import { join } from 'node:path';
import type { BoxSet } from '../../shared/boxes/types';
import { fail, ok, type Result } from '../../shared/result';
import { APP_VERSION } from '../../shared/version';
import { writeFileAtomic } from '../fs/atomic';
import { writeBoxSet } from '../io/boxes/box-json';
import { writeVocAnnotations } from '../io/boxes/voc-write';
import { writeCtSeries, type CtSeriesMeta } from '../io/dicom-write/ct-series';
import { writeNifti } from '../io/nifti/write';
import type { PhantomCase } from './generate';
import { Rng } from '../../shared/random';

export type PhantomFormat = 'nifti' | 'dicom' | 'both';

/** Paths (relative to the case folder) of what was written. */
export interface WrittenCase {
  readonly ct?: string;
  readonly tumor: string;
  readonly lungs: string;
  readonly boxes: string;
  readonly info: string;
  readonly dicom?: string;
  readonly annotations?: string;
  readonly dicomFiles?: number;
  readonly annotationFiles?: number;
}

/** Where the tumour mask goes; a weak-label dataset keeps it out of the case folder. */
export interface WriteOptions {
  readonly format: PhantomFormat;
  /** Folder (absolute) for tumor.nii.gz instead of the case folder. */
  readonly tumorFolder?: string;
  readonly patientId?: string;
}

function seriesMeta(c: PhantomCase, patientId: string): CtSeriesMeta {
  const r = Rng.derive(c.seed, 'study date');
  const first = Date.UTC(2012, 0, 1) + r.int(0, 3000) * 86400000;
  const date = new Date(first + c.scan * r.int(60, 240) * 86400000);
  const day = `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
  const p = c.protocol;
  const kernel = p.kernel === 'soft' ? 'B40f-like' : 'B70f-like';
  return {
    uidSeed: `lungts-phantom:${c.seed}:${c.scan}:${p.size}`,
    patientName: `PHANTOM^${patientId}`,
    patientId,
    patientSex: c.patient.sex,
    patientAge: `${String(c.patient.age).padStart(3, '0')}Y`,
    studyDate: day,
    studyDescription: 'Synthetic thorax phantom (LungTS)',
    seriesDescription: `Phantom ${p.sliceThickness} mm ${kernel}`,
    seriesNumber: 2 + c.scan,
    sliceThickness: p.sliceThickness,
    convolutionKernel: kernel,
    kvp: p.kvp,
    exposureMas: p.mAs,
    manufacturer: 'LungTS synthetic phantom',
  };
}

/** The case's description: how it was made and what it holds (case.json). */
export function caseInfo(c: PhantomCase, files: Record<string, string | number | undefined>): unknown {
  const { harmonics: _h, ...patient } = c.patient;
  return {
    format: 'lungts-phantom-case', version: 1, generator: `lungts ${APP_VERSION}`,
    seed: c.seed, scan: c.scan, patient, protocol: c.protocol, grid: c.boxes.grid,
    tumors: c.tumors, files,
  };
}

/**
 * Writes a phantom case into `dir`: ct.nii.gz (int16 HU), tumor.nii.gz (instance labels),
 * lungs.nii.gz (1 right, 2 left), boxes.json and case.json; with DICOM, the CT as a series in
 * dicom/ and one PASCAL-VOC XML per annotated slice in annotations/, named by SOPInstanceUID.
 * The NIfTI files and the series share one geometry. Every file is written atomically.
 */
export function writePhantomCase(dir: string, c: PhantomCase, o: WriteOptions): Result<WrittenCase> {
  const patientId = o.patientId ?? `PHANTOM-${c.seed}`;
  let boxes: BoxSet = c.boxes;
  let dicom: { dicom: string; annotations: string; dicomFiles: number; annotationFiles: number } | undefined;
  try {
    if (o.format !== 'nifti') {
      const series = writeCtSeries(join(dir, 'dicom'), c.ct, seriesMeta(c, patientId));
      if (!series.ok) return series;
      boxes = { ...boxes, boxes: boxes.boxes.map((b) => ({ ...b, sopInstanceUid: series.value.sopInstanceUids[b.k]! })) };
      const voc = writeVocAnnotations(join(dir, 'annotations'), boxes.boxes, series.value.sopInstanceUids, c.ct.dims[0], c.ct.dims[1]);
      if (!voc.ok) return voc;
      dicom = { dicom: 'dicom', annotations: 'annotations', dicomFiles: series.value.files.length, annotationFiles: voc.value.length };
    }
    if (o.format !== 'dicom') writeNifti(join(dir, 'ct.nii.gz'), c.ct, { description: 'lungts phantom CT (HU)' });
    const tumorPath = join(o.tumorFolder ?? dir, 'tumor.nii.gz');
    writeNifti(tumorPath, c.tumor, { description: 'lungts phantom tumours (instance labels)' });
    writeNifti(join(dir, 'lungs.nii.gz'), c.lungs, { description: 'lungts phantom lungs (1 right, 2 left)' });
  } catch (e) {
    return fail(`cannot write the phantom into ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const written = writeBoxSet(join(dir, 'boxes.json'), boxes);
  if (!written.ok) return written;
  const files: WrittenCase = {
    ...(o.format !== 'dicom' ? { ct: 'ct.nii.gz' } : {}),
    tumor: o.tumorFolder ? join(o.tumorFolder, 'tumor.nii.gz') : 'tumor.nii.gz',
    lungs: 'lungs.nii.gz', boxes: 'boxes.json', info: 'case.json',
    ...(dicom ?? {}),
  };
  try {
    writeFileAtomic(join(dir, 'case.json'), JSON.stringify(caseInfo(c, { ...files }), null, 2) + '\n');
  } catch (e) {
    return fail(`cannot write ${join(dir, 'case.json')} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return ok(files);
}
