import type { Geometry } from '../../../shared/volume/geometry';
import { nowIso, type Db } from '../connection';

export interface NewCase {
  readonly patient: { readonly key: string; readonly name: string };
  readonly study: { readonly uid: string; readonly date: string; readonly description: string };
  readonly series: {
    readonly uid: string;
    readonly number: number | null;
    readonly description: string;
    readonly modality: string;
    readonly frameOfReferenceUid: string | null;
    readonly sourceFormat: 'dicom' | 'nifti';
    readonly storage: 'imported' | 'referenced';
    /** Blob of the CT on the case grid (required when imported). */
    readonly volumeHash: string | null;
    readonly voxelType: string;
    readonly geometry: Geometry;
    readonly nativeGeometry: Geometry;
    readonly sliceUids: readonly (string | null)[];
    readonly sourcePaths: readonly string[];
    readonly warnings: readonly string[];
  };
}

export interface InsertedCase {
  readonly seriesId: number;
  readonly patientAdded: boolean;
  readonly studyAdded: boolean;
}

/** The series id of a SeriesInstanceUID already in the database. */
export function findSeriesByUid(db: Db, uid: string): number | undefined {
  const row = db.prepare('SELECT id FROM series WHERE series_uid = ?').get(uid) as { id: number } | undefined;
  return row?.id;
}

/**
 * Adds a series with its study and patient (creating those that are new) in one transaction.
 * Call inside the caller's transaction when more rows (boxes) belong to the same import.
 */
export function insertCase(db: Db, c: NewCase): InsertedCase {
  return db.transaction(() => insertCaseRows(db, c))();
}

function insertCaseRows(db: Db, c: NewCase): InsertedCase {
  const now = nowIso();
  let patient = db.prepare('SELECT id FROM patients WHERE patient_key = ?').get(c.patient.key) as { id: number } | undefined;
  const patientAdded = !patient;
  if (!patient) {
    patient = db
      .prepare('INSERT INTO patients (patient_key, name, created_at) VALUES (?, ?, ?) RETURNING id')
      .get(c.patient.key, c.patient.name, now) as { id: number };
  }
  let study = db.prepare('SELECT id, patient_id FROM studies WHERE study_uid = ?').get(c.study.uid) as
    | { id: number; patient_id: number }
    | undefined;
  const studyAdded = !study;
  if (!study) {
    study = db
      .prepare('INSERT INTO studies (patient_id, study_uid, study_date, description, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id, patient_id')
      .get(patient.id, c.study.uid, c.study.date, c.study.description, now) as { id: number; patient_id: number };
  }
  const s = c.series;
  const row = db
    .prepare(
      `INSERT INTO series (study_id, series_uid, series_number, description, modality, frame_of_reference_uid,
         source_format, storage, volume_hash, voxel_type, geometry, native_geometry, slices, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      study.id, s.uid, s.number, s.description, s.modality, s.frameOfReferenceUid, s.sourceFormat, s.storage,
      s.volumeHash, s.voxelType, JSON.stringify(s.geometry), JSON.stringify(s.nativeGeometry), s.geometry.dims[2], now,
    ) as { id: number };
  db.prepare('INSERT INTO series_sources (series_id, slice_uids, source_paths, warnings) VALUES (?, ?, ?, ?)').run(
    row.id, JSON.stringify(s.sliceUids), JSON.stringify(s.sourcePaths), JSON.stringify(s.warnings),
  );
  return { seriesId: row.id, patientAdded, studyAdded };
}

/**
 * Removes a series and (by cascade) its annotations, memberships and evaluation rows; a study
 * or patient left without series goes too. Blobs stay until the next sweep.
 */
export function removeCase(db: Db, seriesId: number): boolean {
  return db.transaction(() => {
    const row = db
      .prepare('SELECT s.study_id AS studyId, st.patient_id AS patientId FROM series s JOIN studies st ON st.id = s.study_id WHERE s.id = ?')
      .get(seriesId) as { studyId: number; patientId: number } | undefined;
    if (!row) return false;
    db.prepare('DELETE FROM series WHERE id = ?').run(seriesId);
    db.prepare('DELETE FROM studies WHERE id = ? AND NOT EXISTS (SELECT 1 FROM series WHERE study_id = ?)').run(row.studyId, row.studyId);
    db.prepare('DELETE FROM patients WHERE id = ? AND NOT EXISTS (SELECT 1 FROM studies WHERE patient_id = ?)').run(row.patientId, row.patientId);
    return true;
  })();
}
