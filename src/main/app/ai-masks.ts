import type { AnnotationSource, ModelRole } from '../../shared/api';
import type { AxialBox } from '../../shared/boxes/types';
import { fail, ok, type Result } from '../../shared/result';
import type { Mask } from '../../shared/volume/volume';
import type { BlobStore } from '../db/blobs';
import type { Db } from '../db/connection';
import { listAnnotations } from '../db/repos/annotation-rows';
import { addVersion, versionContent, type SavedVersion } from '../db/repos/annotations';
import { activeModel, getModel } from '../db/repos/models';
import { nonZero } from './import/store-case';

/** The model file a job uses: the one asked for, else the active one of the role. */
export function modelFileFor(db: Db, role: Extract<ModelRole, 'teacher' | 'student'>, modelId: number | undefined): Result<{ modelId: number; file: string; name: string }> {
  const m = modelId !== undefined ? getModel(db, modelId) : activeModel(db, role);
  if (!m) {
    return fail(modelId !== undefined ? `model ${modelId} does not exist` : `no ${role} model is active: import one or make one active in the models list`);
  }
  if (m.role !== role) return fail(`model ${m.modelId} ("${m.name}") is a ${m.role}, not a ${role}`);
  return ok({ modelId: m.modelId, file: m.file, name: m.name });
}

/** The boxes a teacher job works from: the version asked for, else the newest boxes of the case. */
export function boxesFor(db: Db, seriesId: number, versionId: number | undefined): Result<{ versionId: number; boxes: readonly AxialBox[] }> {
  let id = versionId;
  if (id === undefined) {
    const withBoxes = listAnnotations(db, seriesId).filter((a) => a.kind === 'boxes' && (a.head.boxCount ?? 0) > 0);
    withBoxes.sort((a, b) => b.head.versionId - a.head.versionId);
    id = withBoxes[0]?.head.versionId;
    if (id === undefined) return fail(`case (series ${seriesId}) has no boxes: draw the tumour's boxes first`);
  }
  const c = versionContent(db, id);
  if (!c.ok) return c;
  if (c.value.seriesId !== seriesId) return fail(`box version ${id} belongs to another case`);
  if (c.value.content.kind !== 'boxes') return fail(`annotation version ${id} is a mask, not boxes`);
  return ok({ versionId: id, boxes: c.value.content.boxes });
}

/**
 * Saves a network's mask as a new version of the case's annotation for that network (label
 * "tumour (teacher)" / "tumour (student)"), created on first use: re-running adds a version,
 * so an earlier result or a reviewer's edit stays in the history.
 */
export async function saveAiMask(
  db: Db, blobs: BlobStore, seriesId: number, source: Extract<AnnotationSource, 'teacher' | 'student'>, mask: Mask, modelId: number, note: string,
): Promise<Result<SavedVersion>> {
  const label = `tumour (${source})`;
  const blob = await blobs.put(mask.data);
  const existing = listAnnotations(db, seriesId).find((a) => a.kind === 'mask' && a.label === label);
  return addVersion(
    db,
    { seriesId, ...(existing ? { annotationId: existing.annotationId } : { label }), author: `LungTS ${source}`, source, note, modelId },
    { kind: 'mask', maskHash: blob.hash, voxelCount: nonZero(mask.data) },
  );
}
