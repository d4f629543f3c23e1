import { basename } from 'node:path';
import type { ProgressSink } from '../../../shared/job';
import { valueRange } from '../../../shared/volume/volume';
import { sha256, type BlobStore } from '../../db/blobs';
import type { Db } from '../../db/connection';
import { findSeriesByUid } from '../../db/repos/cases-write';
import { readNifti } from '../../io/nifti/read';
import { toCaseGrid } from '../case-grid';
import type { ReportBuilder } from './import-folder';
import { storeCase } from './store-case';

/** CT in HU always holds air (about -1000); an image that never goes below this is not a CT. */
const CT_MIN_BELOW = -100;

/**
 * Imports a NIfTI CT. NIfTI has no UIDs, so the series UID is derived from the voxels and
 * geometry: the same image imported twice is recognised as a duplicate.
 */
export async function importNiftiFile(db: Db, blobs: BlobStore, file: string, mode: 'copy' | 'reference', report: ReportBuilder, progress: ProgressSink): Promise<void> {
  progress({ stage: 'read', fraction: 0, message: `reading ${file}` });
  const read = readNifti(file);
  if (!read.ok) {
    report.skipped.push({ path: file, reason: read.error });
    return;
  }
  const v = read.value.volume;
  const [lo, hi] = valueRange(v.data);
  if (lo > CT_MIN_BELOW) {
    report.skipped.push({ path: file, reason: `values run ${lo}..${hi}, never below ${CT_MIN_BELOW}: a label mask or a non-CT image, not a CT in HU` });
    return;
  }
  const { dims, spacing, origin, direction } = v;
  const digest = sha256(Buffer.concat([Buffer.from(JSON.stringify({ dims, spacing, origin, direction })), Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength)]));
  const uid = `nifti-${digest.slice(0, 32)}`;
  const existing = findSeriesByUid(db, uid);
  if (existing !== undefined) {
    report.duplicates.push({ seriesUid: uid, seriesId: existing, path: file });
    return;
  }
  const name = basename(file).replace(/\.nii(\.gz)?$/i, '');
  const grid = toCaseGrid({ volume: v, source: 'nifti', warnings: [...read.value.warnings] });
  const stored = await storeCase(
    db,
    blobs,
    {
      patient: { key: name, name },
      study: { uid: `${uid}-study`, date: '', description: `NIfTI ${basename(file)}` },
      series: { uid, number: null, description: basename(file), modality: 'CT', frameOfReferenceUid: null, sourceFormat: 'nifti', sourcePaths: [file], warnings: [...read.value.warnings] },
      grid,
    },
    mode,
  );
  if (!stored.ok) {
    report.skipped.push({ path: file, reason: stored.error });
    return;
  }
  if (stored.value.patientAdded) report.patientsAdded++;
  if (stored.value.studyAdded) report.studiesAdded++;
  report.seriesAdded.push({ seriesId: stored.value.seriesId, seriesUid: uid, description: basename(file), slices: grid.volume.dims[2] });
  progress({ stage: 'read', fraction: 1, message: `imported ${file}` });
}
