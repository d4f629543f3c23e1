import type * as ort from 'onnxruntime-node';
import { architectureKey, checkInputShape, describeMismatch, initParams, paramLayout, type Shape3, type UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { makeModelCard } from './card';
import type { AdamState, Checkpoint } from './checkpoint';
import { patchFeeds, scalar1, stateTensors, type VoxelWeights } from './feeds';
import { DEFAULT_ADAM, type AdamHyper } from './graph/adam';
import { DICE_SMOOTH } from './graph/loss';
import { probOutputName } from './graph/network';
import { DEFAULT_CONV_IMPL } from './graph/tensor';
import { buildTrainGraph, trainableParams, type TrainGraphKind } from './graph/train-graph';
import { encodeModel } from './onnx/model';
import type { EpReport } from './runtime/ep';
import { sharedSessions } from './runtime/session-cache';
import type { Trainer, TrainerOptions } from './trainer-types';

export type { Trainer, TrainerOptions, TrainStepResult } from './trainer-types';

type Outputs = ort.InferenceSession.OnnxValueMapType;

/**
 * Creates a trainer: weights (fresh, from a checkpoint, or given), Adam state and the train
 * graphs of `spec`. The default patch shape's graph is built now, so a bad size or a missing
 * provider fails here rather than at the first step.
 */
export async function createTrainer(spec: UNetSpec, opts: TrainerOptions, from?: Checkpoint | Float32Array): Promise<Result<Trainer>> {
  const first = checkInputShape(spec, opts.patchShape);
  if (!first.ok) return first;
  const patch = first.value;
  const accumulate = Math.floor(opts.accumulate ?? 1);
  if (!(accumulate >= 1)) return fail(`accumulate must be a whole number >= 1, got ${opts.accumulate}`);
  const layout = paramLayout(spec);
  const P = layout.total;
  const hyper: AdamHyper = { ...DEFAULT_ADAM, ...opts.adam };
  const impl = opts.impl ?? DEFAULT_CONV_IMPL;
  const cache = opts.cache ?? sharedSessions;
  const lossTerms = { bceWeight: opts.bceWeight ?? 0, diceSmooth: opts.diceSmooth ?? DICE_SMOOTH, ...(opts.voxelWeights ? { voxelWeights: true } : {}) };
  // Weights are fed only to graphs that take them; a trainer without them ignores any given.
  const weightsFor = (w: VoxelWeights | undefined): VoxelWeights | false => (opts.voxelWeights ? w ?? {} : false);
  const keyBase = JSON.stringify({ a: architectureKey(spec), impl, loss: lossTerms, hyper, ep: opts.ep, t: opts.threads, lm: opts.lowMemory });
  const mainKind: TrainGraphKind = accumulate === 1 ? 'step' : 'grad';
  let disposed = false;
  let ep: EpReport | undefined;

  /** Runs one graph (built and cached on first use per kind and shape) with the session leased only for the call. */
  const run = async (kind: TrainGraphKind, shape: Shape3, feeds: Record<string, ort.Tensor>, fetches?: Record<string, ort.Tensor | null>): Promise<Result<Outputs>> => {
    if (disposed) return fail('trainer was disposed');
    const lease = await cache.acquire(
      `train:${kind}:${kind === 'adam' ? '' : shape.join('x')}:${keyBase}`,
      () => encodeModel(buildTrainGraph(spec, shape, { kind, impl, loss: lossTerms, adam: hyper, accumulator: false })),
      opts,
      `${kind} graph of "${spec.name}" at ${shape.join('x')}`,
    );
    if (!lease.ok) return lease;
    ep = lease.value.ep;
    try {
      return ok(fetches ? await lease.value.session.run(feeds, fetches) : await lease.value.session.run(feeds));
    } catch (e) {
      return fail(`training step failed in onnxruntime: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      lease.value.release();
    }
  };
  const checkShape = (shape: Shape3 | undefined): Result<Shape3> => (shape ? checkInputShape(spec, shape) : ok(patch));

  // State lives in flat vectors; the runtime reads and writes per-parameter views of them in place.
  const params = initParams(spec, opts.seed ?? 1, layout);
  const m = new Float32Array(P);
  const v = new Float32Array(P);
  const gacc = accumulate > 1 ? new Float32Array(P) : undefined;
  const live = trainableParams(spec, layout);
  const all = layout.entries;
  let updates = 0;
  let patchesSeen = 0;
  let pending = 0;
  let lr = opts.lr ?? 1e-4;

  const load = (ck: Checkpoint | Float32Array): Result<void> => {
    if (ck instanceof Float32Array) {
      if (ck.length !== P) return fail(`initial weights hold ${ck.length} values, "${spec.name}" needs ${P}`);
      params.set(ck);
      return ok(undefined);
    }
    const theirs = ck.card.spec as UNetSpec;
    if (architectureKey(theirs) !== architectureKey(spec)) {
      return fail(`checkpoint is a "${theirs.name}" network, not "${spec.name}": ${describeMismatch(spec, theirs)}`);
    }
    params.set(ck.params);
    m.set(ck.adam?.m ?? new Float32Array(P));
    v.set(ck.adam?.v ?? new Float32Array(P));
    updates = ck.adam?.step ?? 0;
    gacc?.fill(0);
    pending = 0;
    return ok(undefined);
  };
  if (from) {
    const r = load(from);
    if (!r.ok) return r;
  }
  // Build the main graph now: a bad size or a missing provider fails here, not at step 1.
  const warm = await cache.acquire(
    `train:${mainKind}:${patch.join('x')}:${keyBase}`,
    () => encodeModel(buildTrainGraph(spec, patch, { kind: mainKind, impl, loss: lossTerms, adam: hyper, accumulator: false })),
    opts,
    `${mainKind} graph of "${spec.name}" at ${patch.join('x')}`,
  );
  if (!warm.ok) return warm;
  ep = warm.value.ep;
  warm.value.release();

  const adamFeeds = (): Record<string, ort.Tensor> => ({
    ...stateTensors('p', all, params),
    ...stateTensors('m', live, m),
    ...stateTensors('v', live, v),
    step: scalar1(updates),
    lr: scalar1(lr),
  });
  // Outputs are written into the same views (see train-graph.ts on why that is safe).
  const adamFetches = (): Record<string, ort.Tensor | null> => ({
    ...stateTensors('p', live, params, true),
    ...stateTensors('m', live, m, true),
    ...stateTensors('v', live, v, true),
  });
  const lossOf = (out: Outputs): number => (out.loss?.data as Float32Array)[0] as number;

  const flush = async (): Promise<Result<boolean>> => {
    if (pending === 0 || !gacc) return ok(false);
    const r = await run('adam', patch, { ...adamFeeds(), ...stateTensors('g', live, gacc), gscale: scalar1(1 / pending) }, adamFetches());
    if (!r.ok) return r;
    updates++;
    gacc.fill(0);
    pending = 0;
    return ok(true);
  };

  const trainer: Trainer = {
    spec,
    patchShape: patch,
    get ep() {
      return ep as EpReport;
    },
    paramCount: P,
    get updates() {
      return updates;
    },
    get patchesSeen() {
      return patchesSeen;
    },
    get pending() {
      return pending;
    },
    get lr() {
      return lr;
    },
    set lr(value: number) {
      if (!(value > 0 && Number.isFinite(value))) throw new Error(`learning rate must be a positive number, got ${value}`);
      lr = value;
    },
    async step(image, targets, shapeArg, weights) {
      const shape = checkShape(shapeArg);
      if (!shape.ok) return shape;
      const pf = patchFeeds(spec, shape.value, image, targets, weightsFor(weights));
      if (!pf.ok) return pf;
      if (!gacc) {
        const out = await run('step', shape.value, { ...pf.value, ...adamFeeds() }, { ...adamFetches(), loss: null });
        if (!out.ok) return out;
        const loss = lossOf(out.value);
        // The graph writes nothing when the loss is not finite: the weights are unchanged.
        if (!Number.isFinite(loss)) return fail(`loss became ${loss} (diverged); the update was skipped, try a lower learning rate`);
        updates++;
        patchesSeen++;
        return ok({ loss, applied: true });
      }
      const feeds = { ...pf.value, ...stateTensors('p', all, params), ...stateTensors('g', live, gacc) };
      const out = await run('grad', shape.value, feeds, { ...stateTensors('g', live, gacc, true), loss: null });
      if (!out.ok) return out;
      const loss = lossOf(out.value);
      if (!Number.isFinite(loss)) return fail(`loss became ${loss} (diverged); this patch's gradient was not accumulated`);
      pending++;
      patchesSeen++;
      if (pending < accumulate) return ok({ loss, applied: false });
      const applied = await flush();
      if (!applied.ok) return applied;
      return ok({ loss, applied: true });
    },
    flush,
    async evaluate(image, targets, shapeArg, weights) {
      const shape = checkShape(shapeArg);
      if (!shape.ok) return shape;
      const pf = patchFeeds(spec, shape.value, image, targets, weightsFor(weights));
      if (!pf.ok) return pf;
      const out = await run('eval', shape.value, { ...pf.value, ...stateTensors('p', all, params) });
      if (!out.ok) return out;
      const probs: Record<string, Float32Array> = {};
      for (const h of spec.heads) probs[h.name] = out.value[probOutputName(h.name)]?.data as Float32Array;
      return ok({ loss: lossOf(out.value), probs });
    },
    params: () => params.slice(),
    checkpoint(provenance, metrics) {
      const p = params.slice();
      const adam: AdamState = { m: m.slice(), v: v.slice(), step: updates, hyper, lr };
      const card = makeModelCard(spec, p, { patchShape: [...patch], ...provenance }, metrics ? { metrics } : {});
      return { card, params: p, adam };
    },
    load,
    dispose() {
      disposed = true;
    },
  };
  return ok(trainer);
}
