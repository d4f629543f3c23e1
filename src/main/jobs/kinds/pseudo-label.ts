import { PseudoLabelJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import { CANCELLED } from '../../../shared/job';
import { fail, ok, withContext } from '../../../shared/result';
import { boxesFor, modelFileFor, saveAiMask } from '../../app/ai-masks';
import { loadCaseVolume } from '../../app/case-volume';
import { datasetMembers, getDataset } from '../../db/repos/datasets';
import { loadRoleModel } from '../../inference/models';
import { runTeacher } from '../../inference/teacher';
import { defineJobKind } from '../kind';

/**
 * Algorithm 1, step 2, on a dataset of the database: the teacher turns every weak case's boxes
 * into a mask version (source "teacher", review pending) with its confidence in the note.
 * A resumed job skips cases that already have this model's mask for their newest boxes.
 */
export const pseudoLabelJobKind = defineJobKind({
  kind: 'pseudo-label',
  label: 'Pseudo-label weak cases',
  lane: 'compute',
  resumable: true,
  input: PseudoLabelJobInputSchema,
  title: (i) => `Teacher on the weak cases of dataset ${i.datasetId}`,
  async run(input, progress, signal, ctx) {
    const ds = getDataset(ctx.db, input.datasetId);
    if (!ds) return fail(`dataset ${input.datasetId} does not exist`);
    const weak = datasetMembers(ctx.db, input.datasetId).filter((m) => m.strength === 'weak');
    if (weak.length === 0) return fail(`dataset "${ds.name}" has no weak (boxes-only) case`);
    const which = modelFileFor(ctx.db, 'teacher', input.modelId);
    if (!which.ok) return which;
    const model = loadRoleModel(which.value.file, 'teacher');
    if (!model.ok) return model;
    const done = new Set(ctx.resumeFrom ? JSON.parse(new TextDecoder().decode(ctx.resumeFrom.bytes)) as number[] : []);
    const results: { seriesId: number; versionId: number; confidence: number }[] = [];
    const { threads, executionProvider } = ctx.compute;
    for (let n = 0; n < weak.length; n++) {
      if (signal.aborted) return fail(CANCELLED);
      const m = weak[n]!;
      if (done.has(m.seriesId)) continue;
      progress({ stage: 'pseudo-label', fraction: n / weak.length, message: `case ${m.seriesId} (${n + 1} of ${weak.length})` });
      const boxes = boxesFor(ctx.db, m.seriesId, undefined);
      if (!boxes.ok) {
        ctx.log('warn', `case ${m.seriesId} skipped: ${boxes.error}`);
        continue;
      }
      const ct = await loadCaseVolume(ctx.db, ctx.blobs, m.seriesId);
      if (!ct.ok) return withContext(ct, `case ${m.seriesId}`);
      const set = { format: 'lungts-boxes' as const, version: 1 as const, grid: ct.value.record.geometry, boxes: boxes.value.boxes };
      const r = await runTeacher(ct.value.volume, set, model.value, { ...(threads ? { threads } : {}), ep: executionProvider }, () => undefined, signal);
      if (!r.ok) return withContext(r, `case ${m.seriesId}`);
      const note = `pseudo-label by teacher "${which.value.name}" from box version ${boxes.value.versionId}; confidence ${r.value.confidence.toFixed(3)}`;
      const saved = await saveAiMask(ctx.db, ctx.blobs, m.seriesId, 'teacher', r.value.mask, which.value.modelId, note);
      if (!saved.ok) return withContext(saved, `case ${m.seriesId}`);
      ctx.notify({ type: 'annotations-changed', seriesId: m.seriesId, annotationId: saved.value.annotation.annotationId });
      ctx.metric(n + 1, { confidence: r.value.confidence });
      results.push({ seriesId: m.seriesId, versionId: saved.value.version.versionId, confidence: r.value.confidence });
      done.add(m.seriesId);
      ctx.saveCheckpoint(done.size, new TextEncoder().encode(JSON.stringify([...done])));
    }
    progress({ stage: 'pseudo-label', fraction: 1, message: `${results.length} case(s) labelled` });
    return ok({ datasetId: input.datasetId, labelled: results });
  },
});
