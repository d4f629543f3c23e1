import type * as ort from 'onnxruntime-node';
import {
  architectureKey,
  checkInputShape,
  describeMismatch,
  initParams,
  paramLayout,
  type ProvenanceInput,
  type Shape3,
  type UNetSpec,
} from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { makeModelCard } from './card';
import type { AdamState, Checkpoint } from './checkpoint';
import { patchFeeds, scalar1, stateTensors, type Targets } from './feeds';
import { DEFAULT_ADAM, type AdamHyper } from './graph/adam';
import { probOutputName } from './graph/network';
import { DEFAULT_CONV_IMPL, type ConvImpl } from './graph/tensor';
import { buildTrainGraph, trainableParams, type TrainGraphKind } from './graph/train-graph';
import { encodeModel } from './onnx/model';
import type { EpReport, RuntimeOptions } from './runtime/ep';
import { sharedSessions, type SessionCache, type SessionLease } from './runtime/session-cache';

export interface TrainerOptions extends RuntimeOptions {
  /** Patch size [D, H, W] (k, j, i: i fastest in memory); each a multiple of the stride product. */
  readonly patchShape: Shape3;
  /** Patches whose gradients are averaged into one Adam update (the paper uses 8). Default 1. */
  readonly accumulate?: number;
  /** Adam learning rate; default 1e-4 (the paper's). */
  readonly lr?: number;
  /** Weight of an added BCE term; default 0 (Dice only, as the paper). */
  readonly bceWeight?: number;
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
  step(image: Float32Array, targets: Targets): Promise<Result<TrainStepResult>>;
  /** Applies a partial accumulation now (e.g. at the end of an epoch). Resolves true if it applied one. */
  flush(): Promise<Result<boolean>>;
  /** Loss and probabilities without touching the weights (validation patches of the same shape). */
  evaluate(image: Float32Array, targets: Targets): Promise<Result<{ loss: number; probs: Record<string, Float32Array> }>>;
  /** A copy of the current weights. */
  params(): Float32Array;
  checkpoint(provenance: ProvenanceInput, metrics?: Record<string, number>): Checkpoint;
  /** Replaces weights (and Adam state when present) with a checkpoint's of the same network. */
  load(ck: Checkpoint): Result<void>;
  dispose(): void;
}

export async function createTrainer(spec: UNetSpec, opts: TrainerOptions, from?: Checkpoint | Float32Array): Promise<Result<Trainer>> {
  const shape = checkInputShape(spec, opts.patchShape);
  if (!shape.ok) return shape;
  const patch = shape.value;
  const accumulate = Math.floor(opts.accumulate ?? 1);
  if (!(accumulate >= 1)) return fail(`accumulate must be a whole number >= 1, got ${opts.accumulate}`);
  const layout = paramLayout(spec);
  const P = layout.total;
  const hyper: AdamHyper = { ...DEFAULT_ADAM, ...opts.adam };
  const impl = opts.impl ?? DEFAULT_CONV_IMPL;
  const cache = opts.cache ?? sharedSessions;
  const bceWeight = opts.bceWeight ?? 0;
  const keyBase = JSON.stringify({ a: architectureKey(spec), patch, impl, bceWeight, hyper, ep: opts.ep, t: opts.threads, lm: opts.lowMemory });
  const leases: SessionLease[] = [];
  const acquire = async (kind: TrainGraphKind): Promise<Result<SessionLease>> => {
    const lease = await cache.acquire(
      `train:${kind}:${keyBase}`,
      () => encodeModel(buildTrainGraph(spec, patch, { kind, impl, loss: { bceWeight }, adam: hyper, accumulator: false })),
      opts,
      `${kind} graph of "${spec.name}" at ${patch.join('x')}`,
    );
    if (lease.ok) leases.push(lease.value);
    return lease;
  };
  const main = await acquire(accumulate === 1 ? 'step' : 'grad');
  if (!main.ok) return main;
  const adamLease = accumulate === 1 ? undefined : await acquire('adam');
  if (adamLease && !adamLease.ok) {
    main.value.release();
    return adamLease;
  }
  let evalLease: SessionLease | undefined;

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
  let disposed = false;

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
    if (ck.adam) {
      m.set(ck.adam.m);
      v.set(ck.adam.v);
      updates = ck.adam.step;
    } else {
      m.fill(0);
      v.fill(0);
      updates = 0;
    }
    gacc?.fill(0);
    pending = 0;
    return ok(undefined);
  };
  if (from) {
    const r = load(from);
    if (!r.ok) {
      for (const l of leases) l.release();
      return r;
    }
  }

  const run = async (s: ort.InferenceSession, feeds: Record<string, ort.Tensor>, fetches?: Record<string, ort.Tensor | null>): Promise<Result<ort.InferenceSession.OnnxValueMapType>> => {
    if (disposed) return fail('trainer was disposed');
    try {
      return ok(fetches ? await s.run(feeds, fetches) : await s.run(feeds));
    } catch (e) {
      return fail(`training step failed in onnxruntime: ${(e as Error).message.split('\n')[0]}`);
    }
  };

  const adamFeeds = (): Record<string, ort.Tensor> => ({
    ...stateTensors('p', all, params),
    ...stateTensors('m', live, m),
    ...stateTensors('v', live, v),
    step: scalar1(updates),
    lr: scalar1(lr),
  });
  // Outputs are written into the same views (see train-graph.ts on why that is safe).
  const adamFetches = (): Record<string, ort.Tensor> => ({
    ...stateTensors('p', live, params, true),
    ...stateTensors('m', live, m, true),
    ...stateTensors('v', live, v, true),
  });

  const flush = async (): Promise<Result<boolean>> => {
    if (pending === 0 || !adamLease || !gacc) return ok(false);
    const r = await run(adamLease.value.session, { ...adamFeeds(), ...stateTensors('g', live, gacc), gscale: scalar1(1 / pending) }, adamFetches());
    if (!r.ok) return r;
    updates++;
    gacc.fill(0);
    pending = 0;
    return ok(true);
  };

  const lossOf = (out: ort.InferenceSession.OnnxValueMapType): number => (out.loss?.data as Float32Array)[0] as number;

  const trainer: Trainer = {
    spec,
    patchShape: patch,
    ep: main.value.ep,
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
    async step(image, targets) {
      const pf = patchFeeds(spec, patch, image, targets);
      if (!pf.ok) return pf;
      if (!adamLease || !gacc) {
        const out = await run(main.value.session, { ...pf.value, ...adamFeeds() }, { ...adamFetches(), loss: null });
        if (!out.ok) return out;
        const loss = lossOf(out.value);
        // The graph writes nothing when the loss is not finite: the weights are unchanged.
        if (!Number.isFinite(loss)) return fail(`loss became ${loss} (diverged); the update was skipped, try a lower learning rate`);
        updates++;
        patchesSeen++;
        return ok({ loss, applied: true });
      }
      const out = await run(main.value.session, { ...pf.value, ...stateTensors('p', all, params), ...stateTensors('g', live, gacc) }, { ...stateTensors('g', live, gacc, true), loss: null });
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
    async evaluate(image, targets) {
      const pf = patchFeeds(spec, patch, image, targets);
      if (!pf.ok) return pf;
      if (!evalLease) {
        const l = await acquire('eval');
        if (!l.ok) return l;
        evalLease = l.value;
      }
      const out = await run(evalLease.session, { ...pf.value, ...stateTensors('p', all, params) });
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
      if (disposed) return;
      disposed = true;
      for (const l of leases) l.release();
    },
  };
  return ok(trainer);
}
