import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CancelSignal, ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import type { Checkpoint } from '../engine/checkpoint';
import { CaseCache } from './case-cache';
import { initialWeights, networkFor, patchOf, type RunConfig } from './config';
import { canExtend, runTrainingLoop, type LoopPlan, type SampleSource } from './loop';
import { paramLayout } from '../../shared/network';
import { hashKeys } from '../../shared/random';
import { mineHardNegatives, readHardSites, writeHardSites, type HardSite } from './mine';
import { NETWORK_VOXEL_ML, type PreparedStudentMeta, type PreparedTeacherMeta } from './prepare';
import { fileHooks, readBest, readState, stageFiles } from './run-files';
import type { EpochRecord, LoopState } from './run-state';
import { studentSource, teacherSource, type PreparedRef } from './sources';

/**
 * Trains one network of Algorithm 1 in its folder of the run directory, resuming from the
 * saved state when there is one and returning at once when that state says it finished.
 */
export type StudentVariant = 'baseline' | 'so' | 'do';

export interface StageContext {
  readonly runDir: string;
  readonly config: RunConfig;
  /** Describes the training data for the model card. */
  readonly dataDescription: string;
  readonly syntheticOnly: boolean;
  readonly echo: (line: string) => void;
  readonly progress: ProgressSink;
  readonly signal: CancelSignal;
  /** Called after each epoch with its record (e.g. curve points for the app). */
  readonly onEpoch?: (network: string, record: EpochRecord) => void;
  /** Starting weights for a fresh run (fine-tuning); must be the same network. */
  readonly initial?: Float32Array;
  /** Where `initial` came from, for the model card (pass it on resumes too, so the card keeps it). */
  readonly initialFrom?: string;
}

export interface StageOutcome {
  readonly best: Checkpoint;
  readonly state: LoopState;
}

/** A short fingerprint of which cases train and validate a network. */
function dataKey(train: readonly { readonly meta: { readonly id: string } }[], val: readonly { readonly meta: { readonly id: string } }[]): string {
  const ids = (xs: readonly { readonly meta: { readonly id: string } }[]) => xs.map((x) => x.meta.id).sort().join(',');
  return hashKeys(ids(train), '|', ids(val)).toString(16);
}

async function trainStage(ctx: StageContext, name: string, plan: LoopPlan, source: SampleSource, notes: string[]): Promise<Result<StageOutcome>> {
  const files = stageFiles(ctx.runDir, name);
  const fits = initialFits(plan, name);
  if (!fits.ok) return fits;
  const resume = readState(files);
  if (!resume.ok) return fail(`${resume.error} (delete ${files.state} to start ${name} again)`);
  const provenance = (s: LoopState) => ({
    source: 'trained' as const,
    data: ctx.dataDescription,
    syntheticOnly: ctx.syntheticOnly,
    trainingSteps: s.patches,
    optimizerUpdates: s.history.at(-1)?.updates ?? 0,
    notes: [...notes, ...(ctx.initialFrom ? [`fine-tuned from ${ctx.initialFrom}`] : []), `best epoch ${s.bestEpoch} of the ${s.history.length} run when this checkpoint was saved; accumulate ${plan.accumulate}, lr ${plan.lr}, seed ${plan.seed}`],
  });
  if (resume.value?.loop.done && !canExtend(resume.value.loop, plan)) {
    const best = readBest(files);
    if (!best.ok) return best;
    return ok({ best: best.value, state: resume.value.loop });
  }
  const hooks = { ...fileHooks(files, provenance, (line) => ctx.echo(`[${name}] ${line}`)), epochDone: (r: EpochRecord) => ctx.onEpoch?.(name, r) };
  const r = await runTrainingLoop(plan, source, hooks, ctx.progress, ctx.signal, resume.value);
  if (!r.ok) return r;
  const best = readBest(files);
  if (!best.ok) return best;
  return ok({ best: best.value, state: r.value.state });
}

/** Starting weights (fine-tuning) must be of the network this stage trains. */
function initialFits(plan: LoopPlan, name: string): Result<void> {
  const need = paramLayout(plan.spec).total;
  if (!plan.initial || plan.initial.length === need) return ok(undefined);
  return fail(`the starting weights hold ${plan.initial.length} values; ${name} (${plan.spec.channels.join('-')} channels) needs ${need}: fine-tune from a model of the same network`);
}

function basePlan(ctx: StageContext, net: RunConfig['teacher'] | RunConfig['student'], specName: string, presetName: string): LoopPlan {
  const spec = networkFor(presetName, specName);
  const initial = ctx.initial ?? initialWeights(spec, ctx.config.seed, net.priorProb);
  return {
    spec,
    ...(initial ? { initial } : {}),
    patch: patchOf(net.patch),
    accumulate: net.accumulate,
    lr: net.lr,
    maxEpochs: net.maxEpochs,
    patience: net.patience,
    checkpointEvery: net.checkpointEvery,
    seed: ctx.config.seed,
    bceWeight: net.bceWeight,
    diceSmooth: net.diceSmooth,
    ...(net.bceTumourMl > 0 ? { bceTumourMl: net.bceTumourMl } : {}),
    ...(net.keepEpochWeights ? { keepEpochs: true } : {}),
    ...(ctx.config.threads ? { threads: ctx.config.threads } : {}),
  };
}

/** Repeats an epoch's draws (with fresh randomness) until it holds at least `min` patches. */
function atLeast(source: SampleSource, min: number): SampleSource {
  if (min <= 1) return source;
  const reps = (e: number): number => Math.max(1, Math.ceil(min / Math.max(1, source.epochLength(e * 1000))));
  return {
    epochLength: (e) => reps(e) * source.epochLength(e * 1000),
    sample: (e, n) => {
      const len = source.epochLength(e * 1000);
      return source.sample(e * 1000 + Math.floor(n / len), n % len);
    },
    validationCount: source.validationCount,
    validationSample: (v) => source.validationSample(v),
  };
}

export function trainTeacher(ctx: StageContext, train: readonly PreparedRef<PreparedTeacherMeta>[], val: readonly PreparedRef<PreparedTeacherMeta>[]): Promise<Result<StageOutcome>> {
  const t = ctx.config.teacher;
  const plan = { ...basePlan(ctx, t, 'teacher', t.preset), dataKey: dataKey(train, val) };
  const source = atLeast(teacherSource(train, val, new CaseCache(), { patch: plan.patch, seed: ctx.config.seed, augment: ctx.config.augment }), t.minEpochPatches);
  const tumours = train.reduce((a, r) => a + r.meta.regions.length, 0);
  return trainStage(ctx, 'teacher', plan, source, [`box-guided teacher on ${train.length} strong case(s), ${tumours} tumour crop(s) of ${t.patch.join('x')} voxels`]);
}

/** Smallest false-positive component worth a patch (voxels of 1 x 1 x 1.5 mm: 0.015 ml). */
const HARD_MIN_VOXELS = 10;

/**
 * The starting weights' false-positive sites, mined once per run and kept in the stage's
 * folder (a resume samples the same places); none when the run has no starting weights.
 */
async function hardSitesFor(ctx: StageContext, name: string, plan: LoopPlan, train: readonly PreparedRef<PreparedStudentMeta>[], cache: CaseCache): Promise<Result<HardSite[]>> {
  const files = stageFiles(ctx.runDir, name);
  const path = join(files.dir, 'hard-negatives.json');
  const known = readHardSites(path);
  if (!known.ok) return known;
  if (known.value) return ok(known.value);
  if (!ctx.initial) {
    ctx.echo(`[${name}] hardNegativeFraction is set but the run has no starting weights (--init): no hard negatives`);
    return ok([]);
  }
  const mined = await mineHardNegatives({ spec: plan.spec, params: ctx.initial }, train, cache, {
    patch: plan.patch, minVoxels: HARD_MIN_VOXELS, ...(ctx.config.threads ? { threads: ctx.config.threads } : {}),
  }, ctx.progress, ctx.signal);
  if (!mined.ok) return mined;
  mkdirSync(files.dir, { recursive: true });
  writeHardSites(path, mined.value);
  ctx.echo(`[${name}] ${mined.value.length} false-positive site(s) of the starting weights on ${train.length} training case(s)`);
  return mined;
}

export async function trainStudent(
  ctx: StageContext, variant: StudentVariant, train: readonly PreparedRef<PreparedStudentMeta>[], val: readonly PreparedRef<PreparedStudentMeta>[], counts: { strong: number; weak: number },
): Promise<Result<StageOutcome>> {
  const s = ctx.config.student;
  const name = `student-${variant}`;
  const plan = { ...basePlan(ctx, s, name, variant === 'do' ? s.doPreset : s.preset), dataKey: dataKey(train, val) };
  const heads = plan.spec.heads.map((h) => h.name);
  const cache = new CaseCache();
  const fits = initialFits(plan, name);
  if (!fits.ok) return fits;
  const hard = s.hardNegativeFraction > 0 ? await hardSitesFor(ctx, name, plan, train, cache) : ok([]);
  if (!hard.ok) return hard;
  const source = atLeast(studentSource(train, val, cache, {
    patch: plan.patch, seed: ctx.config.seed, augment: ctx.config.augment, backgroundFraction: s.backgroundFraction, heads,
    hardSites: hard.value, hardFraction: s.hardNegativeFraction,
    ...(s.bceTumourMl > 0 ? { tumourWeightVoxels: s.bceTumourMl / NETWORK_VOXEL_ML } : {}),
  }), s.minEpochPatches);
  const what = variant === 'baseline' ? `baseline student on ${counts.strong} strong case(s) only` : `${variant.toUpperCase()} student on ${counts.strong} strong + ${counts.weak} teacher-labelled weak case(s)`;
  const notes = [
    what,
    ...(hard.value.length > 0 ? [`${Math.round(s.hardNegativeFraction * 100)} % of background patches on ${hard.value.length} false-positive site(s) of the starting weights`] : []),
    ...(s.bceTumourMl > 0 ? [`BCE weighted by tumour: each tumour counts as one of at least ${s.bceTumourMl} ml`] : []),
  ];
  return trainStage(ctx, name, plan, source, notes);
}
