import type { ProgressSink } from '../../../shared/job';
import { ok, type Result } from '../../../shared/result';
import type { Mask, Volume } from '../../../shared/volume/volume';
import { modelFileFor, saveAiMask } from '../../app/ai-masks';
import { loadCaseVolume } from '../../app/case-volume';
import type { SeriesRecord } from '../../db/repos/cases-read';
import type { LoadedModel } from '../../engine/model-file';
import type { EpRequest } from '../../engine/runtime/ep';
import { loadRoleModel, type ModelRoleName } from '../../inference/models';
import type { JobContext } from '../kind';

/** What a one-case AI job (teacher or segment) runs on. */
export interface AiCaseInputs {
  /** The model's database row: id and name go into the saved version. */
  readonly which: { readonly modelId: number; readonly name: string };
  readonly model: LoadedModel;
  readonly ct: { readonly record: SeriesRecord; readonly volume: Volume };
  /** Where the network runs (the app's compute settings), as the inference functions take it. */
  readonly compute: { readonly ep: EpRequest; readonly threads?: number };
}

/** The role's model (the one asked for, else the active one) and the case's CT on its grid. */
export async function loadAiCase(
  ctx: JobContext, role: ModelRoleName, modelId: number | undefined, seriesId: number, progress: ProgressSink,
): Promise<Result<AiCaseInputs>> {
  const which = modelFileFor(ctx.db, role, modelId);
  if (!which.ok) return which;
  const model = loadRoleModel(which.value.file, role);
  if (!model.ok) return model;
  progress({ stage: 'load', fraction: 0, message: 'reading the CT' });
  const ct = await loadCaseVolume(ctx.db, ctx.blobs, seriesId);
  if (!ct.ok) return ct;
  const { threads, executionProvider } = ctx.compute;
  return ok({ which: which.value, model: model.value, ct: ct.value, compute: { ep: executionProvider, ...(threads ? { threads } : {}) } });
}

/** Saves the mask as the case's next `role` mask version, tells the renderer, and names what was saved. */
export async function saveAiCaseMask(
  ctx: JobContext, role: ModelRoleName, seriesId: number, mask: Mask, modelId: number, note: string,
): Promise<Result<{ seriesId: number; annotationId: number; versionId: number; voxels: number | null }>> {
  const saved = await saveAiMask(ctx.db, ctx.blobs, seriesId, role, mask, modelId, note);
  if (!saved.ok) return saved;
  const { annotationId } = saved.value.annotation;
  ctx.notify({ type: 'annotations-changed', seriesId, annotationId });
  return ok({ seriesId, annotationId, versionId: saved.value.version.versionId, voxels: saved.value.version.voxelCount });
}
