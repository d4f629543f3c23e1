/** The training API (implemented in trainer.ts; see docs/engine.md). */
import type { ProvenanceInput, Shape3, UNetSpec } from '../../shared/network';
import type { Result } from '../../shared/result';
import type { Checkpoint } from './checkpoint';
import type { Targets, VoxelWeights } from './feeds';
import type { AdamHyper } from './graph/adam';
import type { ConvImpl } from './graph/tensor';
import type { EpReport, RuntimeOptions } from './runtime/ep';
import type { SessionCache } from './runtime/session-cache';

export interface TrainerOptions extends RuntimeOptions {
  /**
   * Default patch size [D, H, W] (k, j, i: i fastest in memory), each a multiple of the stride
   * product. Other sizes can be passed per step (e.g. whole lung crops); each size gets its own
   * graph and session (built on first use, kept in the session cache).
   */
  readonly patchShape: Shape3;
  /** Patches whose gradients are averaged into one Adam update (the paper uses 8). Default 1. */
  readonly accumulate?: number;
  /** Adam learning rate; default 1e-4 (the paper's). */
  readonly lr?: number;
  /** Weight of an added BCE term; default 0 (Dice only, as the paper). */
  readonly bceWeight?: number;
  /** The soft Dice's smooth (graph/loss.ts); default 1e-5 (MONAI's). */
  readonly diceSmooth?: number;
  /** Weigh the BCE term per voxel: every step and evaluation then needs per-head weights. */
  readonly voxelWeights?: boolean;
  readonly adam?: Partial<AdamHyper>;
  /** Seed for fresh weights when starting without a checkpoint. Default 1. */
  readonly seed?: number;
  readonly impl?: ConvImpl;
  readonly cache?: SessionCache;
}

export interface TrainStepResult {
  readonly loss: number;
  /** True when this patch completed an accumulation round and the weights changed. */
  readonly applied: boolean;
}

export interface Trainer {
  readonly spec: UNetSpec;
  readonly patchShape: Shape3;
  /** Provider of the most recent run (the first session's until then). */
  readonly ep: EpReport;
  readonly paramCount: number;
  /** Adam updates taken (includes those of a loaded checkpoint). */
  readonly updates: number;
  /** Patches trained on by this trainer. */
  readonly patchesSeen: number;
  /** Patches accumulated but not yet applied. */
  readonly pending: number;
  lr: number;
  /** Forward + backward on one patch; applies the update every `accumulate` patches. */
  step(image: Float32Array, targets: Targets, shape?: Shape3, weights?: VoxelWeights): Promise<Result<TrainStepResult>>;
  /** Applies a partial accumulation now (e.g. at the end of an epoch). Resolves true if it applied one. */
  flush(): Promise<Result<boolean>>;
  /** Loss and probabilities without touching the weights (validation). */
  evaluate(image: Float32Array, targets: Targets, shape?: Shape3, weights?: VoxelWeights): Promise<Result<{ loss: number; probs: Record<string, Float32Array> }>>;
  /** A copy of the current weights. */
  params(): Float32Array;
  checkpoint(provenance: ProvenanceInput, metrics?: Record<string, number>): Checkpoint;
  /** Replaces weights (and Adam state when present) with a checkpoint's of the same network. */
  load(ck: Checkpoint): Result<void>;
  dispose(): void;
}

