import type { z } from 'zod';
import type { CaseDetail, CaseListInput, CaseStatus, CaseSummary, PatientSummarySchema } from '../../../shared/api';
import type { AnnotationSource } from '../../../shared/api/schemas/common';
import type { Geometry } from '../../../shared/volume/geometry';
import type { Db } from '../connection';

/**
 * Per-series annotation status from the head versions, aggregated once for all series in the
 * page (one grouped pass over annotations + heads by primary key): no query per case.
 */
const STATUS_CTE = `
WITH st AS (
  SELECT a.series_id,
    SUM(CASE WHEN a.kind = 'boxes' THEN v.box_count ELSE 0 END) AS box_count,
    SUM(a.kind = 'mask') AS mask_count,
    GROUP_CONCAT(DISTINCT CASE WHEN a.kind = 'mask' THEN v.source END) AS mask_sources,
    SUM(a.kind = 'mask' AND v.accepted = 1) AS accepted_masks,
    SUM(a.kind = 'mask' AND v.accepted IS NULL AND v.source IN ('teacher', 'student')) AS pending
  FROM annotations a JOIN annotation_versions v ON v.id = a.head_version_id
  GROUP BY a.series_id
)`;

const SELECT = `
SELECT s.id AS seriesId, s.series_uid AS seriesUid, s.series_number AS seriesNumber, s.description AS seriesDescription,
  s.modality, s.slices, s.storage, s.imported_at AS importedAt,
  st2.id AS studyId, st2.study_uid AS studyUid, st2.study_date AS studyDate, st2.description AS studyDescription,
  p.id AS patientId, p.patient_key AS patientKey, p.name AS patientName,
  st.box_count, st.mask_count, st.mask_sources, st.accepted_masks, st.pending
FROM series s
JOIN studies st2 ON st2.id = s.study_id
JOIN patients p ON p.id = st2.patient_id
LEFT JOIN st ON st.series_id = s.id`;

interface SummaryRow extends Omit<CaseSummary, 'status' | 'storage'> {
  storage: string;
  box_count: number | null;
  mask_count: number | null;
  mask_sources: string | null;
  accepted_masks: number | null;
  pending: number | null;
}

function toSummary(r: SummaryRow): CaseSummary {
  const status: CaseStatus = {
    boxCount: r.box_count ?? 0,
    maskCount: r.mask_count ?? 0,
    maskSources: r.mask_sources ? (r.mask_sources.split(',') as AnnotationSource[]) : [],
    acceptedMasks: r.accepted_masks ?? 0,
    pendingPredictions: r.pending ?? 0,
  };
  return {
    seriesId: r.seriesId, seriesUid: r.seriesUid, seriesNumber: r.seriesNumber, seriesDescription: r.seriesDescription,
    modality: r.modality, slices: r.slices, studyId: r.studyId, studyUid: r.studyUid, studyDate: r.studyDate,
    studyDescription: r.studyDescription, patientId: r.patientId, patientKey: r.patientKey, patientName: r.patientName,
    storage: r.storage === 'referenced' ? 'referenced' : 'imported', importedAt: r.importedAt, status,
  };
}

const FILTERS: Record<NonNullable<CaseListInput['filter']>, string> = {
  all: '1',
  'no-boxes': 'COALESCE(st.box_count, 0) = 0',
  boxes: 'COALESCE(st.box_count, 0) > 0',
  masks: 'COALESCE(st.mask_count, 0) > 0',
  pending: 'COALESCE(st.pending, 0) > 0',
  accepted: 'COALESCE(st.accepted_masks, 0) > 0',
};

const SORTS: Record<NonNullable<CaseListInput['sort']>, string> = {
  patient: 'p.patient_key, st2.study_date, s.series_number, s.id',
  imported: 's.imported_at DESC, s.id DESC',
  'study-date': 'st2.study_date DESC, p.patient_key, s.id',
};

export function listCases(db: Db, q: CaseListInput): { total: number; cases: CaseSummary[] } {
  const where: string[] = [FILTERS[q.filter ?? 'all']];
  const params: unknown[] = [];
  if (q.patientId !== undefined) {
    where.push('p.id = ?');
    params.push(q.patientId);
  }
  if (q.search && q.search.trim()) {
    // instr(lower()) instead of LIKE: a user's % or _ is a character, not a wildcard.
    where.push(`(instr(lower(p.patient_key), ?1x) OR instr(lower(p.name), ?1x) OR instr(lower(s.description), ?1x)
      OR instr(lower(st2.description), ?1x) OR instr(lower(s.series_uid), ?1x) OR instr(lower(st2.study_uid), ?1x))`);
  }
  const search = q.search?.trim().toLowerCase();
  const whereSql = where.join(' AND ').replaceAll('?1x', `@search`);
  const named: Record<string, unknown> = search ? { search } : {};
  const bind = (extra: unknown[]) => (search ? [...params, ...extra, named] : [...params, ...extra]);
  const total = (db.prepare(`${STATUS_CTE} SELECT COUNT(*) AS n FROM (${SELECT} WHERE ${whereSql})`).get(...bind([])) as { n: number }).n;
  const rows = db
    .prepare(`${STATUS_CTE} ${SELECT} WHERE ${whereSql} ORDER BY ${SORTS[q.sort ?? 'patient']} LIMIT ? OFFSET ?`)
    .all(...bind([q.limit ?? 1000, q.offset ?? 0])) as SummaryRow[];
  return { total, cases: rows.map(toSummary) };
}

export function getCaseSummary(db: Db, seriesId: number): CaseSummary | undefined {
  const row = db.prepare(`${STATUS_CTE} ${SELECT} WHERE s.id = ?`).get(seriesId) as SummaryRow | undefined;
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
         source_paths, frame_of_reference_uid, warnings FROM series WHERE id = ?`,
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
