import type { Annotation, AnnotationKind, AnnotationVersion } from '../../../shared/api';
import type { AnnotationSource } from '../../../shared/api/schemas/common';
import type { AxialBox } from '../../../shared/boxes/types';
import { fail, ok, type Result } from '../../../shared/result';
import { nowIso, type Db } from '../connection';
import { getAnnotation, getVersion } from './annotation-rows';

export interface VersionHeader {
  readonly seriesId: number;
  readonly annotationId?: number;
  readonly parentVersionId?: number;
  readonly label?: string;
  readonly author: string;
  readonly source: AnnotationSource;
  readonly note?: string;
  readonly modelId?: number;
}

export type VersionContent =
  | { readonly kind: 'boxes'; readonly boxes: readonly AxialBox[]; readonly contentHash: string }
  | { readonly kind: 'mask'; readonly maskHash: string; readonly voxelCount: number };

export interface SavedVersion {
  readonly annotation: Annotation;
  readonly version: AnnotationVersion;
}

/**
 * Adds one version in one transaction: creates the annotation when none is named, refuses a
 * save based on a version that is no longer the head (a concurrent edit would otherwise be
 * lost), inserts the version and moves the head.
 */
export function addVersion(db: Db, h: VersionHeader, content: VersionContent): Result<SavedVersion> {
  return db.transaction((): Result<SavedVersion> => {
    const now = nowIso();
    let annotationId = h.annotationId;
    let parent: number | null = null;
    if (annotationId !== undefined) {
      const a = db.prepare('SELECT series_id, kind, head_version_id FROM annotations WHERE id = ?').get(annotationId) as
        | { series_id: number; kind: AnnotationKind; head_version_id: number }
        | undefined;
      if (!a) return fail(`annotation ${annotationId} does not exist`);
      if (a.series_id !== h.seriesId) return fail(`annotation ${annotationId} belongs to another case (series ${a.series_id})`);
      if (a.kind !== content.kind) return fail(`annotation ${annotationId} holds ${a.kind}, not ${content.kind}`);
      if (h.parentVersionId !== undefined && h.parentVersionId !== a.head_version_id) {
        return fail(
          `annotation ${annotationId} changed since version ${h.parentVersionId} was opened (its newest version is ` +
            `${a.head_version_id}); reload it and redo the edit so neither change is lost`,
        );
      }
      parent = a.head_version_id;
      if (h.label !== undefined) db.prepare('UPDATE annotations SET label = ? WHERE id = ?').run(h.label, annotationId);
    } else {
      if (h.parentVersionId !== undefined) return fail('parentVersionId needs the annotationId it belongs to');
      if (!db.prepare('SELECT 1 FROM series WHERE id = ?').get(h.seriesId)) return fail(`case (series ${h.seriesId}) does not exist`);
      annotationId = (
        db
          .prepare('INSERT INTO annotations (series_id, kind, label, created_at) VALUES (?, ?, ?, ?) RETURNING id')
          .get(h.seriesId, content.kind, h.label ?? '', now) as { id: number }
      ).id;
    }
    const v =
      content.kind === 'boxes'
        ? { boxes: JSON.stringify(content.boxes), boxCount: content.boxes.length, maskHash: null, voxelCount: null, hash: content.contentHash }
        : { boxes: null, boxCount: null, maskHash: content.maskHash, voxelCount: content.voxelCount, hash: content.maskHash };
    const versionId = (
      db
        .prepare(
          `INSERT INTO annotation_versions (annotation_id, parent_id, author, source, created_at, note, content_hash,
             boxes, box_count, mask_hash, voxel_count, model_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .get(annotationId, parent, h.author, h.source, now, h.note ?? '', v.hash, v.boxes, v.boxCount, v.maskHash, v.voxelCount, h.modelId ?? null) as {
        id: number;
      }
    ).id;
    db.prepare('UPDATE annotations SET head_version_id = ? WHERE id = ?').run(versionId, annotationId);
    return ok({ annotation: getAnnotation(db, annotationId)!, version: getVersion(db, versionId)! });
  })();
}

/** Sets a version's review decision (true accepted, false rejected, null undecided). */
export function reviewVersion(db: Db, versionId: number, accepted: boolean | null, author: string): Result<AnnotationVersion> {
  const r = db
    .prepare('UPDATE annotation_versions SET accepted = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?')
    .run(accepted === null ? null : accepted ? 1 : 0, author, nowIso(), versionId);
  if (r.changes === 0) return fail(`annotation version ${versionId} does not exist`);
  return ok(getVersion(db, versionId)!);
}

/** What a stored version holds, to read it back or restore it. */
export function versionContent(db: Db, versionId: number): Result<{ seriesId: number; annotationId: number; source: AnnotationSource; modelId: number | null; content: VersionContent }> {
  const r = db
    .prepare(
      `SELECT a.series_id, v.annotation_id, v.source, v.model_id, v.boxes, v.mask_hash, v.voxel_count, v.content_hash
       FROM annotation_versions v JOIN annotations a ON a.id = v.annotation_id WHERE v.id = ?`,
    )
    .get(versionId) as
    | { series_id: number; annotation_id: number; source: AnnotationSource; model_id: number | null; boxes: string | null; mask_hash: string | null; voxel_count: number | null; content_hash: string }
    | undefined;
  if (!r) return fail(`annotation version ${versionId} does not exist`);
  const content: VersionContent =
    r.boxes !== null
      ? { kind: 'boxes', boxes: JSON.parse(r.boxes) as AxialBox[], contentHash: r.content_hash }
      : { kind: 'mask', maskHash: r.mask_hash!, voxelCount: r.voxel_count ?? 0 };
  return ok({ seriesId: r.series_id, annotationId: r.annotation_id, source: r.source, modelId: r.model_id, content });
}

/** Undo by version: the old content becomes a new head whose parent is the current head. */
export function restoreVersion(db: Db, versionId: number, author: string): Result<SavedVersion> {
  const old = versionContent(db, versionId);
  if (!old.ok) return old;
  const { seriesId, annotationId, source, modelId, content } = old.value;
  return addVersion(
    db,
    { seriesId, annotationId, author, source, note: `restored version ${versionId}`, ...(modelId !== null ? { modelId } : {}) },
    content,
  );
}
