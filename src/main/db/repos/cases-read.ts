import type { z } from 'zod';
import type { CaseDetail, CaseListInput, CaseStatus, CaseSummary, PatientSummarySchema } from '../../../shared/api';
import type { AnnotationSource } from '../../../shared/api/schemas/common';
import type { Geometry } from '../../../shared/volume/geometry';
import type { Db } from '../connection';

/**
 * One row per case: narrow columns only (the bulky per-slice data lives in series_sources)
 * and the status that triggers keep in series_status, so listing is a join and a sort.
 */
const SELECT = `
SELECT s.id, s.series_uid, s.series_number, s.description, s.modality, s.slices, s.storage, s.imported_at,
  st2.id, st2.study_uid, st2.study_date, st2.description, p.id, p.patient_key, p.name,
  ss.box_count, ss.mask_count, ss.mask_sources, ss.accepted_masks, ss.pending
FROM series s
JOIN studies st2 ON st2.id = s.study_id
JOIN patients p ON p.id = st2.patient_id
JOIN series_status ss ON ss.series_id = s.id`;

type Cell = string | number | null;

/** Raw rows (arrays, in SELECT order) become summaries: half the cost of row objects. */
function toSummary(r: Cell[]): CaseSummary {
  const sources = r[17] as string | null;
  const status: CaseStatus = {
    boxCount: r[15] as number,
    maskCount: r[16] as number,
    maskSources: sources ? (sources.split(',') as AnnotationSource[]) : [],
    acceptedMasks: r[18] as number,
    pendingPredictions: r[19] as number,
  };
  return {
    seriesId: r[0] as number, seriesUid: r[1] as string, seriesNumber: r[2] as number | null, seriesDescription: r[3] as string,
    modality: r[4] as string, slices: r[5] as number, storage: r[6] === 'referenced' ? 'referenced' : 'imported', importedAt: r[7] as string,
    studyId: r[8] as number, studyUid: r[9] as string, studyDate: r[10] as string, studyDescription: r[11] as string,
    patientId: r[12] as number, patientKey: r[13] as string, patientName: r[14] as string, status,
  };
}

const FILTERS: Record<NonNullable<CaseListInput['filter']>, string> = {
  all: '1',
  'no-boxes': 'ss.box_count = 0',
  boxes: 'ss.box_count > 0',
  masks: 'ss.mask_count > 0',
  pending: 'ss.pending > 0',
  accepted: 'ss.accepted_masks > 0',
};

const SORTS: Record<NonNullable<CaseListInput['sort']>, string> = {
  patient: 'p.patient_key, st2.study_date, s.series_number, s.id',
  imported: 's.imported_at DESC, s.id DESC',
  'study-date': 'st2.study_date DESC, p.patient_key, s.id',
};

export function listCases(db: Db, q: CaseListInput): { total: number; cases: CaseSummary[] } {
  const where: string[] = [FILTERS[q.filter ?? 'all']];
  const params: Record<string, unknown> = { limit: q.limit ?? 1000, offset: q.offset ?? 0 };
  if (q.patientId !== undefined) {
    where.push('p.id = @patient');
    params.patient = q.patientId;
  }
  const search = q.search?.trim().toLowerCase();
  if (search) {
    // instr(lower()) instead of LIKE: a user's % or _ is a character, not a wildcard.
    where.push(`(instr(lower(p.patient_key), @search) OR instr(lower(p.name), @search) OR instr(lower(s.description), @search)
      OR instr(lower(st2.description), @search) OR instr(lower(s.series_uid), @search) OR instr(lower(st2.study_uid), @search))`);
    params.search = search;
  }
  const whereSql = where.join(' AND ');
  const rows = db
    .prepare(`${SELECT} WHERE ${whereSql} ORDER BY ${SORTS[q.sort ?? 'patient']} LIMIT @limit OFFSET @offset`)
    .raw(true)
    .all(params) as Cell[][];
  // A page shorter than the limit from the start is everything; otherwise count (without sorting).
  const whole = (q.offset ?? 0) === 0 && rows.length < (q.limit ?? 1000);
  const total = whole ? rows.length : (db.prepare(`SELECT COUNT(*) FROM (${SELECT} WHERE ${whereSql})`).pluck().get(params) as number);
  return { total, cases: rows.map(toSummary) };
}

export function getCaseSummary(db: Db, seriesId: number): CaseSummary | undefined {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).raw(true).get(seriesId) as Cell[] | undefined;
  return row && toSummary(row);
}

/** What the rest of main needs to load a case's pixels or map onto its grid. */
export interface SeriesRecord {
  readonly seriesId: number;
  readonly seriesUid: string;
  readonly storage: 'imported' | 'referenced';
  readonly sourceFormat: 'dicom' | 'nifti';
  readonly volumeHash: string | null;
  readonly voxelType: string;
  readonly geometry: Geometry;
  readonly nativeGeometry: Geometry;
  readonly sliceUids: (string | null)[];
  readonly sourcePaths: string[];
  readonly frameOfReferenceUid: string | null;
  readonly warnings: string[];
}

export function getSeriesRecord(db: Db, seriesId: number): SeriesRecord | undefined {
  const r = db
    .prepare(
      `SELECT id, series_uid, storage, source_format, volume_hash, voxel_type, geometry, native_geometry, slice_uids,
         source_paths, frame_of_reference_uid, warnings FROM series JOIN series_sources ON series_id = id WHERE id = ?`,
    )
    .get(seriesId) as Record<string, string | number | null> | undefined;
  if (!r) return undefined;
  return {
    seriesId: r.id as number,
    seriesUid: r.series_uid as string,
    storage: r.storage as SeriesRecord['storage'],
    sourceFormat: r.source_format as SeriesRecord['sourceFormat'],
    volumeHash: r.volume_hash as string | null,
    voxelType: r.voxel_type as string,
    geometry: JSON.parse(r.geometry as string) as Geometry,
    nativeGeometry: JSON.parse(r.native_geometry as string) as Geometry,
    sliceUids: JSON.parse(r.slice_uids as string) as (string | null)[],
    sourcePaths: JSON.parse(r.source_paths as string) as string[],
    frameOfReferenceUid: r.frame_of_reference_uid as string | null,
    warnings: JSON.parse(r.warnings as string) as string[],
  };
}

export function getCaseDetail(db: Db, seriesId: number): CaseDetail | undefined {
  const summary = getCaseSummary(db, seriesId);
  const rec = getSeriesRecord(db, seriesId);
  if (!summary || !rec) return undefined;
  return {
    summary,
    geometry: rec.geometry,
    nativeGeometry: rec.nativeGeometry,
    sliceUids: rec.sliceUids,
    sourceFormat: rec.sourceFormat,
    sourcePaths: rec.sourcePaths,
    frameOfReferenceUid: rec.frameOfReferenceUid,
    warnings: rec.warnings,
  } as CaseDetail;
}

export function listPatients(db: Db): z.infer<typeof PatientSummarySchema>[] {
  return db
    .prepare(
      `SELECT p.id AS patientId, p.patient_key AS patientKey, p.name AS patientName,
         (SELECT COUNT(*) FROM studies st WHERE st.patient_id = p.id) AS studies,
         (SELECT COUNT(*) FROM series s JOIN studies st ON st.id = s.study_id WHERE st.patient_id = p.id) AS series
       FROM patients p ORDER BY p.patient_key`,
    )
    .all() as z.infer<typeof PatientSummarySchema>[];
}
