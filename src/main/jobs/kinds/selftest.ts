import { z } from 'zod';
import { CANCELLED } from '../../../shared/job';
import { fail, ok } from '../../../shared/result';
import { defineJobKind } from '../kind';

const InputSchema = z.strictObject({
  steps: z.number().int().min(1).max(1_000_000),
  /** Busy work per step (ms of CPU), so progress and cancellation can be watched. */
  stepMs: z.number().min(0).max(60_000).default(0),
  /** Size of each checkpoint (bytes), like a network's weights and optimiser state. */
  checkpointBytes: z.number().int().min(8).max(256 * 1024 * 1024).default(4096),
  /** Fail deliberately at this step (tests of error reporting). */
  failAt: z.number().int().min(0).optional(),
  /** Keep this many MB more of JS heap per step: shows that running out of memory ends the worker, not the app. */
  holdMbPerStep: z.number().min(0).max(4096).default(0),
});

/** The checkpoint: step count then a deterministic pattern, so a resumed run can verify it. */
export function selftestCheckpoint(step: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  new DataView(bytes.buffer).setUint32(0, step, true);
  for (let i = 8; i < size; i++) bytes[i] = (i * 31 + step * 7) & 0xff;
  return bytes;
}

/**
 * A worker self-test shaped like training: numbered steps, a curve point and a checkpoint
 * after each, resume from the last checkpoint. It proves on a given machine that worker
 * processes start, report, cancel, survive crashes and resume, without a model.
 */
export const selftestJobKind = defineJobKind({
  kind: 'selftest',
  label: 'Worker self-test',
  lane: 'compute',
  resumable: true,
  input: InputSchema,
  title: (i) => `Worker self-test (${i.steps} steps)`,
  async run(input, progress, signal, ctx) {
    let start = 0;
    if (ctx.resumeFrom) {
      const step = new DataView(ctx.resumeFrom.bytes.buffer, ctx.resumeFrom.bytes.byteOffset).getUint32(0, true);
      const expect = selftestCheckpoint(step, ctx.resumeFrom.bytes.length);
      if (step !== ctx.resumeFrom.step || !expect.every((b, i) => b === ctx.resumeFrom!.bytes[i])) {
        return fail(`checkpoint of step ${ctx.resumeFrom.step} does not hold what that step wrote`);
      }
      start = step;
      ctx.log('info', `resuming after step ${step}`);
    }
    const held: number[][] = [];
    for (let step = start + 1; step <= input.steps; step++) {
      for (let mb = 0; mb < input.holdMbPerStep; mb++) held.push(new Array<number>(131_072).fill(step + mb + 0.5));
      if (signal.aborted) return fail(CANCELLED);
      if (input.failAt === step) return fail(`deliberate failure at step ${step}`);
      const until = Date.now() + input.stepMs;
      while (Date.now() < until) {
        // Busy-wait: CPU-bound like a training step.
      }
      ctx.metric(step, { loss: 1 / step });
      ctx.saveCheckpoint(step, selftestCheckpoint(step, input.checkpointBytes));
      progress({ stage: 'train', fraction: step / input.steps, message: `step ${step} of ${input.steps}` });
      await new Promise((r) => setImmediate(r));
    }
    return ok({ steps: input.steps, resumedFrom: start, held: held.length, compute: ctx.compute });
  },
});
