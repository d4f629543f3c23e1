import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../engine/checkpoint';

/**
 * Everything a training run needs to continue exactly where it stopped, in one blob written
 * atomically: the engine checkpoint (weights, Adam moments, step) and the loop's position.
 * The sampler is a pure function of (seed, epoch, index), so (epoch, index) is its whole state.
 * Saved only at optimiser-update boundaries (no half-accumulated gradient to lose).
 *
 * Layout: "LTSTRAIN", u32 version, u32 JSON length, JSON state, engine checkpoint bytes.
 */
const MAGIC = 'LTSTRAIN';
export const RUN_STATE_VERSION = 1;

const epochRecordSchema = z.object({
  epoch: z.number().int(),
  trainLoss: z.number(),
  valLoss: z.number(),
  valDice: z.number(),
  updates: z.number().int(),
  patches: z.number().int(),
  seconds: z.number(),
  lr: z.number(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

const loopStateSchema = z.object({
  version: z.literal(RUN_STATE_VERSION),
  /** Identifies the plan this state belongs to; a resume with another plan is refused. */
  planKey: z.string(),
  epoch: z.number().int().nonnegative(),
  /** Next sample index within the epoch. */
  index: z.number().int().nonnegative(),
  patches: z.number().int().nonnegative(),
  epochLossSum: z.number(),
  epochLossCount: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
  bestValLoss: z.number().nullable(),
  bestEpoch: z.number().int(),
  sinceBest: z.number().int().nonnegative(),
  done: z.boolean(),
  stopReason: z.string().nullable(),
  history: z.array(epochRecordSchema),
});
export type LoopState = z.infer<typeof loopStateSchema>;

export interface RunState {
  readonly loop: LoopState;
  readonly checkpoint: Checkpoint;
}

export function freshLoopState(planKey: string): LoopState {
  return {
    version: RUN_STATE_VERSION, planKey, epoch: 0, index: 0, patches: 0, epochLossSum: 0, epochLossCount: 0,
    seconds: 0, bestValLoss: null, bestEpoch: -1, sinceBest: 0, done: false, stopReason: null, history: [],
  };
}

export function encodeRunState(s: RunState): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(s.loop));
  const ck = encodeCheckpoint(s.checkpoint);
  const out = new Uint8Array(16 + json.length + ck.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, RUN_STATE_VERSION, true);
  dv.setUint32(12, json.length, true);
  out.set(json, 16);
  out.set(ck, 16 + json.length);
  return out;
}

export function decodeRunState(bytes: Uint8Array, what: string): Result<RunState> {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail(`${what}: not a LungTS training state`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version > RUN_STATE_VERSION) return fail(`${what}: training state version ${version} is newer than this program reads; update LungTS`);
  const len = dv.getUint32(12, true);
  if (16 + len > bytes.length) return fail(`${what}: truncated training state`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + len)));
  } catch {
    return fail(`${what}: damaged training state header`);
  }
  const loop = loopStateSchema.safeParse(raw);
  if (!loop.success) return fail(`${what}: invalid training state (${loop.error.issues[0]?.path.join('.') ?? ''})`);
  const ck = decodeCheckpoint(bytes.subarray(16 + len), what);
  if (!ck.ok) return ck;
  return ok({ loop: loop.data, checkpoint: ck.value });
}
