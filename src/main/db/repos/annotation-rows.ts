import type { Annotation, AnnotationVersion } from '../../../shared/api';
import type { AnnotationSource } from '../../../shared/api/schemas/common';
import type { Db } from '../connection';

export const VERSION_COLUMNS = `v.id, v.annotation_id, v.parent_id, v.author, v.source, v.created_at, v.accepted, v.note,
  v.content_hash, v.box_count, v.voxel_count, v.model_id`;

export interface VersionRow {
  id: number;
  annotation_id: number;
  parent_id: number | null;
  author: string;
  source: AnnotationSource;
  created_at: string;
  accepted: 0 | 1 | null;
  note: string;
  content_hash: string;
  box_count: number | null;
  voxel_count: number | null;
  model_id: number | null;
}

export function toVersion(r: VersionRow): AnnotationVersion {
  return {
    versionId: r.id,
    annotationId: r.annotation_id,
    parentVersionId: r.parent_id,
    author: r.author,
    source: r.source,
    createdAt: r.created_at,
    accepted: r.accepted === null ? null : r.accepted === 1,
    note: r.note,
    boxCount: r.box_count,
    voxelCount: r.voxel_count,
    contentHash: r.content_hash,
    modelId: r.model_id,
  };
}

export function getVersion(db: Db, versionId: number): AnnotationVersion | undefined {
  const r = db.prepare(`SELECT ${VERSION_COLUMNS} FROM annotation_versions v WHERE v.id = ?`).get(versionId) as VersionRow | undefined;
  return r && toVersion(r);
}

interface AnnotationRow extends VersionRow {
  a_id: number;
  series_id: number;
  kind: 'boxes' | 'mask';
  label: string;
  a_created_at: string;
  version_count: number;
}

const ANNOTATION_SELECT = `SELECT a.id AS a_id, a.series_id, a.kind, a.label, a.created_at AS a_created_at,
  (SELECT COUNT(*) FROM annotation_versions c WHERE c.annotation_id = a.id) AS version_count, ${VERSION_COLUMNS}
  FROM annotations a JOIN annotation_versions v ON v.id = a.head_version_id`;

function toAnnotation(r: AnnotationRow): Annotation {
  return {
    annotationId: r.a_id,
    seriesId: r.series_id,
    kind: r.kind,
    label: r.label,
    createdAt: r.a_created_at,
    versionCount: r.version_count,
    head: toVersion(r),
  };
}

export function getAnnotation(db: Db, annotationId: number): Annotation | undefined {
  const r = db.prepare(`${ANNOTATION_SELECT} WHERE a.id = ?`).get(annotationId) as AnnotationRow | undefined;
  return r && toAnnotation(r);
}

export function listAnnotations(db: Db, seriesId: number): Annotation[] {
  return (db.prepare(`${ANNOTATION_SELECT} WHERE a.series_id = ? ORDER BY a.id`).all(seriesId) as AnnotationRow[]).map(toAnnotation);
}

export function listVersions(db: Db, annotationId: number): AnnotationVersion[] {
  return (
    db.prepare(`SELECT ${VERSION_COLUMNS} FROM annotation_versions v WHERE v.annotation_id = ? ORDER BY v.id DESC`).all(annotationId) as VersionRow[]
  ).map(toVersion);
}
