import { CANCELLED } from '../../../shared/job';
import { TeacherJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import { fail, ok } from '../../../shared/result';
import { boxesFor } from '../../app/ai-masks';
import { runTeacher } from '../../inference/teacher';
import { defineJobKind } from '../kind';
import { loadAiCase, saveAiCaseMask } from './ai-case';

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
    const loaded = await loadAiCase(ctx, 'teacher', input.modelId, input.seriesId, progress);
    if (!loaded.ok) return loaded;
    const { which, model, ct, compute } = loaded.value;
    const set = { format: 'lungts-boxes' as const, version: 1 as const, grid: ct.record.geometry, boxes: boxes.value.boxes };
    const r = await runTeacher(ct.volume, set, model, compute, progress, signal);
    if (!r.ok) return r;
    if (signal.aborted) return fail(CANCELLED);
    const note = `teacher "${which.name}" on box version ${boxes.value.versionId}; confidence ${r.value.confidence.toFixed(3)}`;
    const saved = await saveAiCaseMask(ctx, 'teacher', input.seriesId, r.value.mask, which.modelId, note);
    if (!saved.ok) return saved;
    return ok({
      ...saved.value,
      confidence: r.value.confidence,
      tumours: r.value.tumours.map((t) => ({ tumor: t.tumor, voxels: t.voxels, meanProb: t.meanProb })),
    });
  },
});
