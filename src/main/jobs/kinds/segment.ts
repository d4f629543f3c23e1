import { CANCELLED } from '../../../shared/job';
import { SegmentJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import { fail, ok } from '../../../shared/result';
import { describePostprocess, segmentCt } from '../../inference/segment';
import { defineJobKind } from '../kind';
import { loadAiCase, saveAiCaseMask } from './ai-case';

/** The fully automatic student on one case: a mask version (source "student"), no input needed. */
export const segmentJobKind = defineJobKind({
  kind: 'segment',
  label: 'Segment automatically',
  lane: 'compute',
  resumable: false,
  input: SegmentJobInputSchema,
  title: (i) => `Student on case ${i.seriesId}`,
  async run(input, progress, signal, ctx) {
    const loaded = await loadAiCase(ctx, 'student', input.modelId, input.seriesId, progress);
    if (!loaded.ok) return loaded;
    const { which, model, ct, compute } = loaded.value;
    const r = await segmentCt(ct.volume, model, compute, progress, signal);
    if (!r.ok) return r;
    if (signal.aborted) return fail(CANCELLED);
    if (!r.value.mask) return fail('the student returned no mask');
    for (const w of r.value.warnings) ctx.log('warn', w);
    ctx.log('info', describePostprocess(r.value.postprocess));
    const saved = await saveAiCaseMask(ctx, 'student', input.seriesId, r.value.mask, which.modelId, `student "${which.name}"`);
    if (!saved.ok) return saved;
    return ok({ ...saved.value, timings: r.value.timings, warnings: [...r.value.warnings] });
  },
});
