import { z } from 'zod';
import { DICE_SMOOTH } from '../engine/graph/loss';
import { initParams, isPresetName, paramLayout, paramView, preset, type UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import type { Vec3 } from '../../shared/volume/mat3';
import { DEFAULT_AUGMENT } from './patch';

/**
 * How a run trains, written to the run directory when it starts (plan.json) so a resumed run
 * continues under exactly the same rules. Defaults are the paper's optimiser rules (Adam,
 * lr 1e-4, batch 1 with 8 accumulated, soft Dice, best checkpoint by validation loss) on the
 * CPU-sized presets and patches this project trains on (see docs/pipeline.md).
 */
const vec3 = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);

const netSchema = z.object({
  preset: z.string(),
  /** [nx, ny, nz] network voxels (1 x 1 x 1.5 mm). */
  patch: vec3,
  accumulate: z.number().int().min(1),
  lr: z.number().positive(),
  maxEpochs: z.number().int().min(1),
  patience: z.number().int().min(1),
  checkpointEvery: z.number().int().min(1),
  bceWeight: z.number().min(0).default(0),
  /** The soft Dice's smooth (engine/graph/loss.ts): 1e-5 is MONAI's; tens of voxels let a tumour-free patch penalise false positives. */
  diceSmooth: z.number().positive().default(DICE_SMOOTH),
  /**
   * When > 0 (students only), the BCE term weighs each tumour voxel by max(1, this / the
   * tumour's volume in ml), so a 4 mm nodule counts in it like a tumour of this volume. The
   * shipped student marked no tumour under 0.5 ml, not even on its own training phantoms.
   */
  bceTumourMl: z.number().min(0).default(0),
  /** Resamples each epoch to at least this many patches (rare data repeats). */
  minEpochPatches: z.number().int().min(1).default(1),
  /**
   * When > 0, fresh output biases start at logit(priorProb), so every voxel starts as
   * probably background (the focal-loss paper's prior initialisation) instead of at 0.5.
   */
  priorProb: z.number().min(0).max(0.5).default(0),
  /** Keep each epoch's weights (STAGE/epochs/epoch-NNN.ckpt) for `lungts average-weights`. */
  keepEpochWeights: z.boolean().default(false),
});

export const runConfigSchema = z.object({
  seed: z.number().int(),
  split: z.object({ test: z.number().min(0).max(0.9), val: z.number().min(0).max(0.9) }),
  /** The teacher's patch is a cube (its crop); `jitter` shifts it by up to that many voxels per axis. */
  teacher: netSchema.extend({ jitter: z.number().int().min(0) }),
  student: netSchema.extend({
    doPreset: z.string(),
    backgroundFraction: z.number().min(0).max(0.95),
    /**
     * Share of the background patches centred on the starting weights' false positives
     * (training/mine.ts); only a fine-tuned student (one with starting weights) has any.
     */
    hardNegativeFraction: z.number().min(0).max(1).default(0),
  }),
  augment: z.object({ rot90: z.boolean(), flips: z.boolean(), scaleJitter: z.number().min(0).max(0.5), shiftJitter: z.number().min(0).max(1) }),
  /** Weak cases whose pseudo-label confidence is below this are left out of student training. */
  minConfidence: z.number().min(0).max(1),
  threads: z.number().int().min(1).optional(),
  /** Which students to train: the baseline (strong only), SO and DO (strong + pseudo-labelled weak). */
  students: z.array(z.enum(['baseline', 'so', 'do'])).min(1),
  /** Names the exported models carry (the app lists models by name); default teacher, student-so, ... */
  exportNames: z.object({ teacher: z.string().min(1), baseline: z.string().min(1), so: z.string().min(1), do: z.string().min(1) }).partial().default({}),
});
export type RunConfig = z.infer<typeof runConfigSchema>;

/**
 * The student's Dice smooth, in voxels. A third of its patches hold no tumour, and at MONAI's
 * 1e-5 those teach nothing about false positives. On the scarce-data phantoms (docs/pipeline.md,
 * same plan, same patches) 100 cut the baseline's false positives from 1084 to 63 and the SO
 * student's from 1467 to 140. The teacher keeps 1e-5: every teacher patch holds its tumour.
 */
export const STUDENT_DICE_SMOOTH = 100;

export const DEFAULT_CONFIG: RunConfig = {
  seed: 1,
  split: { test: 0.15, val: 0.15 },
  teacher: {
    preset: 'teacher-small', patch: [96, 96, 96], jitter: 12, accumulate: 8, lr: 1e-4,
    maxEpochs: 350, patience: 30, checkpointEvery: 5, bceWeight: 0, diceSmooth: DICE_SMOOTH, bceTumourMl: 0, minEpochPatches: 1, priorProb: 0, keepEpochWeights: false,
  },
  student: {
    preset: 'student-small', doPreset: 'student-do-small', patch: [96, 96, 64], accumulate: 8, lr: 1e-4,
    maxEpochs: 350, patience: 30, checkpointEvery: 5, bceWeight: 0, diceSmooth: STUDENT_DICE_SMOOTH, bceTumourMl: 0, minEpochPatches: 1, priorProb: 0, keepEpochWeights: false, backgroundFraction: 0.33,
    hardNegativeFraction: 0,
  },
  augment: { ...DEFAULT_AUGMENT },
  minConfidence: 0,
  students: ['baseline', 'so', 'do'],
  exportNames: {},
};

export function parseRunConfig(raw: unknown, what: string): Result<RunConfig> {
  const r = runConfigSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    return fail(`${what}: ${i ? `${i.path.join('.')}: ${i.message}` : 'invalid run configuration'}`);
  }
  if (r.data.teacher.bceTumourMl > 0) return fail(`${what}: teacher.bceTumourMl: only students weigh their BCE by tumour (set it to 0)`);
  const tp = r.data.teacher.patch;
  if (tp[0] !== tp[1] || tp[1] !== tp[2]) return fail(`${what}: the teacher's patch must be a cube (its crop), got ${tp.join('x')}`);
  for (const name of [r.data.teacher.preset, r.data.student.preset, r.data.student.doPreset]) {
    if (!isPresetName(name)) return fail(`${what}: unknown network preset "${name}"`);
  }
  return ok(r.data);
}

/** A deep merge of plain objects (arrays and scalars replace), for config overrides. */
export function mergeConfig<T>(base: T, patch: unknown): T {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = mergeConfig(out[k], v);
  return out as T;
}

/** Fresh weights for `spec` (seeded), with each head's output bias at logit(prior) when prior > 0. */
export function initialWeights(spec: UNetSpec, seed: number, prior: number): Float32Array | undefined {
  if (!(prior > 0)) return undefined;
  const layout = paramLayout(spec);
  const w = initParams(spec, seed, layout);
  for (const h of spec.heads) paramView(layout, w, `dec.${h.name}.0.b`).fill(Math.log(prior / (1 - prior)));
  return w;
}

/** The network of a role, renamed so the model's name says what it is. */
export function networkFor(presetName: string, name: string): UNetSpec {
  if (!isPresetName(presetName)) throw new Error(`unknown preset ${presetName}`);
  return { ...preset(presetName), name };
}

export function patchOf(v: readonly number[]): Vec3 {
  return [v[0]!, v[1]!, v[2]!];
}
