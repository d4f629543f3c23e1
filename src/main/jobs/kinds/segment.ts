import { SegmentJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import { fail, ok } from '../../../shared/result';
import { modelFileFor, saveAiMask } from '../../app/ai-masks';
import { loadCaseVolume } from '../../app/case-volume';
import { loadRoleModel } from '../../inference/models';
import { segmentCt } from '../../inference/segment';
import { defineJobKind } from '../kind';

/** The fully automatic student on one case: a mask version (source "student"), no input needed. */
export const segmentJobKind = defineJobKind({
  kind: 'segment',
  label: 'Segment automatically',
  lane: 'compute',
  resumable: false,
  input: SegmentJobInputSchema,
  title: (i) => `Student on case ${i.seriesId}`,
  async run(input, progress, signal, ctx) {
    const which = modelFileFor(ctx.db, 'student', input.modelId);
    if (!which.ok) return which;
    const model = loadRoleModel(which.value.file, 'student');
    if (!model.ok) return model;
    progress({ stage: 'load', fraction: 0, message: 'reading the CT' });
    const ct = await loadCaseVolume(ctx.db, ctx.blobs, input.seriesId);
    if (!ct.ok) return ct;
    const { threads, executionProvider } = ctx.compute;
    const r = await segmentCt(ct.value.volume, model.value, { ...(threads ? { threads } : {}), ep: executionProvider }, progress, signal);
    if (!r.ok) return r;
    if (signal.aborted) return fail('cancelled');
    if (!r.value.mask) return fail('the student returned no mask');
    for (const w of r.value.warnings) ctx.log('warn', w);
    const saved = await saveAiMask(ctx.db, ctx.blobs, input.seriesId, 'student', r.value.mask, which.value.modelId, `student "${which.value.name}"`);
    if (!saved.ok) return saved;
    ctx.notify({ type: 'annotations-changed', seriesId: input.seriesId, annotationId: saved.value.annotation.annotationId });
    return ok({
      seriesId: input.seriesId,
      annotationId: saved.value.annotation.annotationId,
      versionId: saved.value.version.versionId,
      voxels: saved.value.version.voxelCount,
      timings: r.value.timings,
      warnings: [...r.value.warnings],
    });
  },
});
