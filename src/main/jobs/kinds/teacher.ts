import { TeacherJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import { fail, ok } from '../../../shared/result';
import { boxesFor, modelFileFor, saveAiMask } from '../../app/ai-masks';
import { loadCaseVolume } from '../../app/case-volume';
import { loadRoleModel } from '../../inference/models';
import { runTeacher } from '../../inference/teacher';
import { defineJobKind } from '../kind';

/** The box-guided teacher on one case: its boxes become a mask version (source "teacher"). */
export const teacherJobKind = defineJobKind({
  kind: 'teacher',
  label: 'Teacher from boxes',
  lane: 'compute',
  resumable: false,
  input: TeacherJobInputSchema,
  title: (i) => `Teacher on case ${i.seriesId}`,
  async run(input, progress, signal, ctx) {
    const boxes = boxesFor(ctx.db, input.seriesId, input.boxesVersionId);
    if (!boxes.ok) return boxes;
    const which = modelFileFor(ctx.db, 'teacher', input.modelId);
    if (!which.ok) return which;
    const model = loadRoleModel(which.value.file, 'teacher');
    if (!model.ok) return model;
    progress({ stage: 'load', fraction: 0, message: 'reading the CT' });
    const ct = await loadCaseVolume(ctx.db, ctx.blobs, input.seriesId);
    if (!ct.ok) return ct;
    const set = { format: 'lungts-boxes' as const, version: 1 as const, grid: ct.value.record.geometry, boxes: boxes.value.boxes };
    const { threads, executionProvider } = ctx.compute;
    const r = await runTeacher(ct.value.volume, set, model.value, { ...(threads ? { threads } : {}), ep: executionProvider }, progress, signal);
    if (!r.ok) return r;
    if (signal.aborted) return fail('cancelled');
    const note = `teacher "${which.value.name}" on box version ${boxes.value.versionId}; confidence ${r.value.confidence.toFixed(3)}`;
    const saved = await saveAiMask(ctx.db, ctx.blobs, input.seriesId, 'teacher', r.value.mask, which.value.modelId, note);
    if (!saved.ok) return saved;
    ctx.notify({ type: 'annotations-changed', seriesId: input.seriesId, annotationId: saved.value.annotation.annotationId });
    return ok({
      seriesId: input.seriesId,
      annotationId: saved.value.annotation.annotationId,
      versionId: saved.value.version.versionId,
      voxels: saved.value.version.voxelCount,
      confidence: r.value.confidence,
      tumours: r.value.tumours.map((t) => ({ tumor: t.tumor, voxels: t.voxels, meanProb: t.meanProb })),
    });
  },
});
