import { EvaluateJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import type { EvaluationCase } from '../../../shared/api';
import { CANCELLED } from '../../../shared/job';
import { evaluateCase } from '../../../shared/metrics';
import { fail, ok, withContext } from '../../../shared/result';
import type { Mask } from '../../../shared/volume/volume';
import { boxesFor, saveAiMask } from '../../app/ai-masks';
import { loadCaseVolume } from '../../app/case-volume';
import { versionContent } from '../../db/repos/annotations';
import { datasetMembers, getDataset } from '../../db/repos/datasets';
import { insertEvaluation } from '../../db/repos/evaluations';
import { getModel } from '../../db/repos/models';
import { loadRoleModel } from '../../inference/models';
import { segmentCt } from '../../inference/segment';
import { runTeacher } from '../../inference/teacher';
import { truthMaskHead } from '../../training/db-dataset';
import { defineJobKind } from '../kind';

/**
 * Scores a model on one split of a dataset: each case with a truth mask (accepted, manual or
 * imported) is segmented (student) or box-guided (teacher, from the case's boxes), the result
 * is kept as a mask version to review beside the truth, and Dice, object-wise F1 (found at
 * >= 25% overlap) and DSC-TP are stored as an evaluation.
 */
export const evaluateJobKind = defineJobKind({
  kind: 'evaluate',
  label: 'Evaluate',
  lane: 'compute',
  resumable: false,
  input: EvaluateJobInputSchema,
  title: (i) => `Evaluate model ${i.modelId} on the ${i.split} cases of dataset ${i.datasetId}`,
  async run(input, progress, signal, ctx) {
    const ds = getDataset(ctx.db, input.datasetId);
    if (!ds) return fail(`dataset ${input.datasetId} does not exist`);
    const info = getModel(ctx.db, input.modelId);
    if (!info) return fail(`model ${input.modelId} does not exist`);
    if (info.role !== 'teacher' && info.role !== 'student') return fail(`model "${info.name}" is neither a teacher nor a student`);
    const role = info.role;
    const model = loadRoleModel(info.file, role);
    if (!model.ok) return model;
    const members = datasetMembers(ctx.db, input.datasetId).filter((m) => m.split === input.split);
    if (members.length === 0) return fail(`dataset "${ds.name}" has no ${input.split} case (training assigns splits by patient; or set them in the dataset)`);
    const { threads, executionProvider } = ctx.compute;
    const rows: Omit<EvaluationCase, 'patientKey'>[] = [];
    for (let n = 0; n < members.length; n++) {
      if (signal.aborted) return fail(CANCELLED);
      const m = members[n]!;
      progress({ stage: 'evaluate', fraction: n / members.length, message: `case ${m.seriesId} (${n + 1} of ${members.length})` });
      const truthHead = truthMaskHead(ctx.db, m.seriesId);
      if (!truthHead) {
        ctx.log('warn', `case ${m.seriesId} skipped: no accepted, manual or imported mask to compare with`);
        continue;
      }
      const ct = await loadCaseVolume(ctx.db, ctx.blobs, m.seriesId);
      if (!ct.ok) return withContext(ct, `case ${m.seriesId}`);
      const c = versionContent(ctx.db, truthHead.versionId);
      if (!c.ok || c.value.content.kind !== 'mask') return fail(`case ${m.seriesId}: its truth mask cannot be read`);
      const bytes = await ctx.blobs.get(c.value.content.maskHash);
      if (!bytes.ok) return withContext(bytes, `case ${m.seriesId}`);
      const opts = { ...(threads ? { threads } : {}), ep: executionProvider };
      let pred: Mask;
      if (role === 'student') {
        const r = await segmentCt(ct.value.volume, model.value, opts, () => undefined, signal);
        if (!r.ok) return withContext(r, `case ${m.seriesId}`);
        pred = r.value.mask!;
      } else {
        const boxes = boxesFor(ctx.db, m.seriesId, undefined);
        if (!boxes.ok) {
          ctx.log('warn', `case ${m.seriesId} skipped: ${boxes.error}`);
          continue;
        }
        const set = { format: 'lungts-boxes' as const, version: 1 as const, grid: ct.value.record.geometry, boxes: boxes.value.boxes };
        const r = await runTeacher(ct.value.volume, set, model.value, opts, () => undefined, signal);
        if (!r.ok) return withContext(r, `case ${m.seriesId}`);
        pred = r.value.mask;
      }
      const metrics = evaluateCase(String(m.seriesId), pred.data, bytes.value, pred.dims);
      const saved = await saveAiMask(ctx.db, ctx.blobs, m.seriesId, role, pred, info.modelId, `evaluation of "${info.name}" (Dice ${metrics.dice.toFixed(3)})`);
      if (!saved.ok) return withContext(saved, `case ${m.seriesId}`);
      rows.push({
        seriesId: m.seriesId,
        metrics: { dice: metrics.dice, f1: metrics.f1, diceTp: metrics.dice_tp },
        predictionVersionId: saved.value.version.versionId,
        truthVersionId: truthHead.versionId,
        extra: { precision: metrics.precision, recall: metrics.recall, tumours: metrics.gt_objects, found: metrics.tp_gt, false_positives: metrics.fp, pred_voxels: metrics.pred_voxels, truth_voxels: metrics.gt_voxels },
      });
      ctx.metric(n + 1, { dice: metrics.dice, f1: metrics.f1 });
    }
    if (rows.length === 0) return fail(`no ${input.split} case of dataset "${ds.name}" has a truth mask to compare with`);
    const evaluation = insertEvaluation(ctx.db, { modelId: info.modelId, datasetId: input.datasetId, jobId: ctx.jobId, split: input.split, cases: rows });
    ctx.notify({ type: 'evaluations-changed' });
    progress({ stage: 'evaluate', fraction: 1, message: `${rows.length} case(s) scored` });
    return ok(evaluation);
  },
});
