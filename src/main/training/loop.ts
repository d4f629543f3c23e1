import type { ProvenanceInput, UNetSpec } from '../../shared/network';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import type { Vec3 } from '../../shared/volume/mat3';
import type { Checkpoint } from '../engine/checkpoint';
import type { Targets, VoxelWeights } from '../engine/feeds';
import type { EpRequest } from '../engine/runtime/ep';
import { DICE_SMOOTH } from '../engine/graph/loss';
import { createTrainer, type Trainer } from '../engine/trainer';
import { freshLoopState, type EpochRecord, type LoopState, type RunState } from './run-state';

/**
 * The training loop every network of Algorithm 1 shares: epochs of deterministic samples,
 * Adam with gradient accumulation (the last partial round of an epoch is applied too),
 * validation after every epoch, the best checkpoint by validation loss, early stopping after
 * `patience` epochs without improvement, and a resumable state saved every
 * `checkpointEvery` optimiser updates and at every epoch end.
 */
export interface Sample {
  readonly image: Float32Array;
  readonly targets: Targets;
  /** Per-head BCE voxel weights; present exactly when the plan's `bceTumourMl` is set. */
  readonly weights?: VoxelWeights;
}

export interface SampleSource {
  epochLength(epoch: number): number;
  /** Must depend only on (epoch, index) and the source's own seed. */
  sample(epoch: number, index: number): Promise<Sample>;
  readonly validationCount: number;
  validationSample(index: number): Promise<Sample>;
}

export interface LoopPlan {
  readonly spec: UNetSpec;
  /** [nx, ny, nz] (i, j, k); the engine's [D, H, W] is the reverse. */
  readonly patch: Vec3;
  readonly accumulate: number;
  readonly lr: number;
  readonly maxEpochs: number;
  readonly patience: number;
  readonly checkpointEvery: number;
  readonly seed: number;
  readonly bceWeight?: number;
  readonly diceSmooth?: number;
  /** When > 0 the BCE is weighed per voxel by the samples' weights (instance-balanced, training/tumour-weights.ts). */
  readonly bceTumourMl?: number;
  readonly threads?: number;
  readonly ep?: EpRequest;
  /** Starting weights (fine-tuning, or a custom initialisation); ignored when resuming. */
  readonly initial?: Float32Array;
  /** Names the training and validation data, so a state is never resumed on other cases. */
  readonly dataKey?: string;
  /** Keep every epoch's weights (hooks.saveEpoch), for averaging over epochs afterwards. */
  readonly keepEpochs?: boolean;
}

export interface LoopHooks {
  /** Durably stores the resumable state (atomic) before returning. */
  saveState(state: RunState): Result<void>;
  /** The best weights so far (atomic). */
  saveBest(ck: Checkpoint, record: EpochRecord): Result<void>;
  /** This epoch's weights (atomic; an epoch replayed after a crash replaces its own file). */
  saveEpoch?(ck: Checkpoint, record: EpochRecord): Result<void>;
  log(line: string): void;
  epochDone?(record: EpochRecord): void;
  provenance(state: LoopState): ProvenanceInput;
}

export interface LoopResult {
  readonly state: LoopState;
  readonly last: Checkpoint;
}

/** A key naming everything that must match for a saved state to be resumed by this plan. */
export function planKey(p: LoopPlan): string {
  return JSON.stringify({ n: p.spec.name, ch: p.spec.channels, h: p.spec.heads.map((h) => h.name), patch: p.patch, acc: p.accumulate, seed: p.seed, bce: p.bceWeight ?? 0, data: p.dataKey ?? '',
    // Added only when set, so the states of runs made before it existed still resume.
    ...(p.diceSmooth !== undefined && p.diceSmooth !== DICE_SMOOTH ? { ds: p.diceSmooth } : {}),
    ...(p.bceTumourMl ? { btm: p.bceTumourMl } : {}) });
}

function engineShape(patch: Vec3): [number, number, number] {
  return [patch[2], patch[1], patch[0]];
}

export async function runTrainingLoop(
  plan: LoopPlan, source: SampleSource, hooks: LoopHooks, progress: ProgressSink, signal: CancelSignal, resume?: RunState,
): Promise<Result<LoopResult>> {
  const key = planKey(plan);
  if (resume && resume.loop.planKey !== key) return fail('the saved training state belongs to a different plan (network, patch, accumulation, seed or training cases changed); start a new run directory');
  if (source.validationCount < 1) return fail('no validation samples: the validation split is empty');
  const state: LoopState = resume ? structuredClone(resume.loop) : freshLoopState(key);
  if (canExtend(state, plan)) {
    // A run that stopped at its epoch limit continues when the limit was raised.
    state.done = false;
    state.stopReason = null;
  }
  const made = await createTrainer(plan.spec, {
    patchShape: engineShape(plan.patch), accumulate: plan.accumulate, lr: plan.lr, seed: plan.seed, bceWeight: plan.bceWeight ?? 0,
    ...(plan.diceSmooth !== undefined ? { diceSmooth: plan.diceSmooth } : {}),
    ...(plan.bceTumourMl ? { voxelWeights: true } : {}),
    ...(plan.threads ? { threads: plan.threads } : {}), ...(plan.ep ? { ep: plan.ep } : {}),
  }, resume?.checkpoint ?? plan.initial);
  if (!made.ok) return made;
  const trainer = made.value;
  try {
    if (resume) hooks.log(`resumed at epoch ${state.epoch + 1}, sample ${state.index}, ${trainer.updates} updates, ${state.patches} patches`);
    else hooks.log(`training ${plan.spec.name} (${trainer.paramCount} parameters) on ${trainer.ep.used}, patch ${plan.patch.join('x')}, accumulate ${plan.accumulate}, lr ${plan.lr}`);
    const save = (): Result<void> => hooks.saveState({ loop: state, checkpoint: trainer.checkpoint(hooks.provenance(state)) });
    while (!state.done) {
      if (state.epoch >= plan.maxEpochs) {
        finish(state, `${EPOCH_LIMIT} (${plan.maxEpochs})`);
        break;
      }
      const n = source.epochLength(state.epoch);
      let started = Date.now();
      while (state.index < n) {
        if (signal.aborted) return fail(CANCELLED);
        const s = await source.sample(state.epoch, state.index);
        const r = await trainer.step(s.image, s.targets, undefined, s.weights);
        if (!r.ok) return fail(`epoch ${state.epoch + 1}, sample ${state.index}: ${r.error}`);
        state.index++;
        state.patches++;
        state.epochLossSum += r.value.loss;
        state.epochLossCount++;
        progress({ stage: plan.spec.name, fraction: (state.epoch + state.index / n) / plan.maxEpochs, message: `epoch ${state.epoch + 1}, patch ${state.index}/${n}, loss ${r.value.loss.toFixed(4)}` });
        if (r.value.applied && trainer.updates % plan.checkpointEvery === 0) {
          state.seconds += (Date.now() - started) / 1000;
          started = Date.now();
          const saved = save();
          if (!saved.ok) return saved;
        }
      }
      const flushed = await trainer.flush();
      if (!flushed.ok) return flushed;
      const val = await validate(trainer, source, signal);
      if (!val.ok) return val;
      state.seconds += (Date.now() - started) / 1000;
      const record: EpochRecord = {
        epoch: state.epoch + 1,
        trainLoss: state.epochLossCount ? state.epochLossSum / state.epochLossCount : NaN,
        valLoss: val.value.loss,
        valDice: val.value.dice,
        updates: trainer.updates,
        patches: state.patches,
        seconds: Math.round(state.seconds * 10) / 10,
        lr: trainer.lr,
      };
      state.history.push(record);
      const metrics = { val_loss: record.valLoss, val_dice: record.valDice, epoch: record.epoch };
      if (plan.keepEpochs && hooks.saveEpoch) {
        const kept = hooks.saveEpoch(trainer.checkpoint(hooks.provenance(state), metrics), record);
        if (!kept.ok) return kept;
      }
      if (state.bestValLoss === null || record.valLoss < state.bestValLoss) {
        state.bestValLoss = record.valLoss;
        state.bestEpoch = record.epoch;
        state.sinceBest = 0;
        const best = hooks.saveBest(trainer.checkpoint(hooks.provenance(state), metrics), record);
        if (!best.ok) return best;
      } else {
        state.sinceBest++;
      }
      hooks.log(`epoch ${record.epoch}: train loss ${record.trainLoss.toFixed(4)}, val loss ${record.valLoss.toFixed(4)}, val Dice ${record.valDice.toFixed(4)}, ${record.updates} updates, ${record.seconds.toFixed(0)} s${state.sinceBest === 0 ? ' (best)' : ''}`);
      hooks.epochDone?.(record);
      state.epoch++;
      state.index = 0;
      state.epochLossSum = 0;
      state.epochLossCount = 0;
      if (state.sinceBest >= plan.patience) finish(state, `validation loss did not improve for ${plan.patience} epochs (best at epoch ${state.bestEpoch})`);
      else if (state.epoch >= plan.maxEpochs) finish(state, `${EPOCH_LIMIT} (${plan.maxEpochs})`);
      const saved = save();
      if (!saved.ok) return saved;
    }
    hooks.log(`stopped: ${state.stopReason ?? 'done'}`);
    progress({ stage: plan.spec.name, fraction: 1, message: state.stopReason ?? 'done' });
    return ok({ state, last: trainer.checkpoint(hooks.provenance(state)) });
  } finally {
    trainer.dispose();
  }
}

const EPOCH_LIMIT = 'reached the epoch limit';

/** True when a finished state stopped only because of an epoch limit that `plan` raises. */
export function canExtend(state: LoopState, plan: Pick<LoopPlan, 'maxEpochs' | 'patience'>): boolean {
  return state.done && (state.stopReason ?? '').startsWith(EPOCH_LIMIT) && state.epoch < plan.maxEpochs && state.sinceBest < plan.patience;
}

function finish(state: LoopState, reason: string): void {
  state.done = true;
  state.stopReason = reason;
}

/** Mean loss and mean hard Dice (threshold 0.5, first head) over the fixed validation samples. */
async function validate(trainer: Trainer, source: SampleSource, signal: CancelSignal): Promise<Result<{ loss: number; dice: number }>> {
  let loss = 0;
  let dice = 0;
  const head = trainer.spec.heads[0]!.name;
  for (let v = 0; v < source.validationCount; v++) {
    if (signal.aborted) return fail(CANCELLED);
    const s = await source.validationSample(v);
    const r = await trainer.evaluate(s.image, s.targets, undefined, s.weights);
    if (!r.ok) return fail(`validation sample ${v}: ${r.error}`);
    loss += r.value.loss;
    const y = s.targets instanceof Float32Array ? s.targets : s.targets[head]!;
    dice += hardDice(r.value.probs[head]!, y);
  }
  return ok({ loss: loss / source.validationCount, dice: dice / source.validationCount });
}

function hardDice(prob: Float32Array, target: Float32Array): number {
  let p = 0;
  let g = 0;
  let both = 0;
  for (let q = 0; q < target.length; q++) {
    const a = prob[q]! >= 0.5;
    const b = target[q]! >= 0.5;
    if (a) p++;
    if (b) g++;
    if (a && b) both++;
  }
  return p + g === 0 ? 1 : (2 * both) / (p + g);
}
