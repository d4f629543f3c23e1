import {
  architectureKey,
  paddedShape,
  paramLayout,
  prod,
  sizeMultiple,
  type ModelCard,
  type Shape3,
  type UNetSpec,
} from '../../shared/network';
import { CANCELLED, ignoreProgress, type CancelSignal, type ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import { stateTensors, tensor } from './feeds';
import { buildInferenceGraph } from './graph/inference-graph';
import { probOutputName } from './graph/network';
import { DEFAULT_CONV_IMPL, type ConvImpl } from './graph/tensor';
import { encodeModel } from './onnx/model';
import type { EpReport, RuntimeOptions } from './runtime/ep';
import { sharedSessions, type SessionCache } from './runtime/session-cache';
import { copyBox, gaussianWeights, planTiles } from './tiling';

export interface PredictorModel {
  readonly spec: UNetSpec;
  readonly params: Float32Array;
  readonly card?: ModelCard;
}

export interface PredictorOptions extends RuntimeOptions {
  /**
   * Largest padded crop (in voxels) run in one piece; larger crops are tiled. The default, 8 M
   * voxels (200^3), keeps the paper's students near 2-3 GB of working memory on CPU (measured
   * ~270 bytes per voxel for student-so at 128^3); whole crops are preferred because instance
   * norm then sees the same statistics as in training.
   */
  readonly maxVoxels?: number;
  /** Tile size when tiling (each a multiple of the stride product); default: the largest cube within maxVoxels. */
  readonly tileShape?: Shape3;
  /** Fraction of a tile shared with its neighbour; default 0.25. */
  readonly overlap?: number;
  /** Value of the padding added to reach a multiple of the stride product; default 0 (the z-scored mean). */
  readonly padValue?: number;
  readonly impl?: ConvImpl;
  readonly cache?: SessionCache;
}

export interface PredictOptions {
  readonly signal?: CancelSignal;
  readonly progress?: ProgressSink;
}

export interface Prediction {
  /** Sigmoid probabilities per head, [outChannels, D, H, W] on the input's grid. */
  readonly probs: Record<string, Float32Array>;
  readonly shape: Shape3;
  /** 'whole': the padded crop ran at once; 'tiled': overlapping tiles, Gaussian-blended. */
  readonly method: 'whole' | 'tiled';
  /** The shape each network run saw (the padded crop, or one tile). */
  readonly runShape: Shape3;
  readonly tiles: number;
  readonly ep: EpReport;
}

export interface Predictor {
  readonly spec: UNetSpec;
  readonly card?: ModelCard;
  /** Runs the network on a [inChannels, D, H, W] volume (i fastest). */
  predict(volume: Float32Array, shape: Shape3, opts?: PredictOptions): Promise<Result<Prediction>>;
  /** Swaps in other weights of the same network (e.g. the trainer's current ones). */
  setParams(params: Float32Array): void;
}

export const DEFAULT_MAX_VOXELS = 200 * 200 * 200;

export function createPredictor(model: PredictorModel, opts: PredictorOptions = {}): Result<Predictor> {
  const { spec } = model;
  const layout = paramLayout(spec);
  const P = layout.total;
  if (model.params.length !== P) return fail(`weights hold ${model.params.length} values, "${spec.name}" needs ${P}`);
  let params = model.params;
  const m = sizeMultiple(spec);
  const maxVoxels = opts.maxVoxels ?? DEFAULT_MAX_VOXELS;
  const overlap = opts.overlap ?? 0.25;
  if (!(overlap >= 0 && overlap < 1)) return fail(`overlap must lie in [0, 1), got ${overlap}`);
  if (opts.tileShape && opts.tileShape.some((n) => !Number.isInteger(n) || n < m || n % m !== 0)) {
    return fail(`tile shape ${opts.tileShape.join('x')} must be multiples of ${m}`);
  }
  const impl = opts.impl ?? DEFAULT_CONV_IMPL;
  const cache = opts.cache ?? sharedSessions;
  const padValue = opts.padValue ?? 0;
  const C = spec.inChannels;

  const runOnce = async (input: Float32Array, shape: Shape3): Promise<Result<{ out: Record<string, Float32Array>; ep: EpReport }>> => {
    const key = `infer:${JSON.stringify({ a: architectureKey(spec), shape, impl, ep: opts.ep, t: opts.threads, lm: opts.lowMemory })}`;
    const lease = await cache.acquire(key, () => encodeModel(buildInferenceGraph(spec, { weights: { kind: 'input' }, shape, impl })), opts, `inference graph of "${spec.name}" at ${shape.join('x')}`);
    if (!lease.ok) return lease;
    try {
      const res = await lease.value.session.run({ image: tensor(input, [1, C, ...shape]), ...stateTensors('p', layout.entries, params) });
      const out: Record<string, Float32Array> = {};
      for (const h of spec.heads) out[h.name] = res[probOutputName(h.name)]?.data as Float32Array;
      return ok({ out, ep: lease.value.ep });
    } catch (e) {
      return fail(`inference failed in onnxruntime at ${shape.join('x')}: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      lease.value.release();
    }
  };

  const predict = async (volume: Float32Array, shape: Shape3, po: PredictOptions = {}): Promise<Result<Prediction>> => {
    const progress = po.progress ?? ignoreProgress;
    if (shape.length !== 3 || shape.some((n) => !Number.isInteger(n) || n < 1)) return fail(`volume shape must be three positive sizes, got ${shape.join('x')}`);
    if (volume.length !== C * prod(shape)) return fail(`volume holds ${volume.length} values; ${shape.join('x')} with ${C} channel(s) needs ${C * prod(shape)}`);
    const padded = paddedShape(spec, shape);
    const whole = prod(padded) <= maxVoxels;
    let tile: Shape3 = padded;
    if (!whole) {
      const side = Math.max(m, Math.floor(Math.cbrt(maxVoxels) / m) * m);
      tile = opts.tileShape ?? (padded.map((n) => Math.min(n, side)) as unknown as Shape3);
    }
    const work = padded.map((n, a) => Math.max(n, tile[a] as number)) as unknown as Shape3;
    let input = volume;
    if (work.some((n, a) => n !== shape[a])) {
      input = new Float32Array(C * prod(work)).fill(padValue);
      copyBox(volume, shape, [0, 0, 0], input, work, [0, 0, 0], shape, C);
    }
    const origins = whole ? [[0, 0, 0] as Shape3] : planTiles(work, tile, overlap);
    const acc: Record<string, Float32Array> = {};
    for (const h of spec.heads) acc[h.name] = new Float32Array(h.outChannels * prod(work));
    const wsum = whole ? undefined : new Float32Array(prod(work));
    const weights = whole ? undefined : gaussianWeights(tile);
    const tileIn = whole ? input : new Float32Array(C * prod(tile));
    let ep: EpReport | undefined;
    for (let t = 0; t < origins.length; t++) {
      if (po.signal?.aborted) return fail(CANCELLED);
      progress({ stage: 'inference', fraction: t / origins.length, message: whole ? `running ${spec.name} on ${work.join('x')}` : `tile ${t + 1} of ${origins.length}` });
      const at = origins[t] as Shape3;
      if (!whole) copyBox(input, work, at, tileIn, tile, [0, 0, 0], tile, C);
      const r = await runOnce(tileIn, tile);
      if (!r.ok) return r;
      ep = r.value.ep;
      for (const h of spec.heads) {
        const out = r.value.out[h.name] as Float32Array;
        if (whole) {
          acc[h.name] = out;
          continue;
        }
        accumulateTile(acc[h.name] as Float32Array, work, out, tile, at, weights as Float32Array, h.outChannels);
      }
      if (wsum) accumulateTile(wsum, work, weights as Float32Array, tile, at, undefined, 1);
    }
    const probs: Record<string, Float32Array> = {};
    for (const h of spec.heads) {
      const a = acc[h.name] as Float32Array;
      if (wsum) {
        const n = wsum.length;
        for (let c = 0; c < h.outChannels; c++) for (let i = 0; i < n; i++) a[c * n + i] = (a[c * n + i] as number) / (wsum[i] as number);
      }
      if (work.every((n, ax) => n === shape[ax])) probs[h.name] = a;
      else {
        const cropped = new Float32Array(h.outChannels * prod(shape));
        copyBox(a, work, [0, 0, 0], cropped, shape, [0, 0, 0], shape, h.outChannels);
        probs[h.name] = cropped;
      }
    }
    progress({ stage: 'inference', fraction: 1, message: 'done' });
    return ok({ probs, shape, method: whole ? 'whole' : 'tiled', runShape: tile, tiles: origins.length, ep: ep as EpReport });
  };

  return ok({
    spec,
    ...(model.card ? { card: model.card } : {}),
    predict,
    setParams(p: Float32Array) {
      if (p.length !== P) throw new Error(`weights hold ${p.length} values, "${spec.name}" needs ${P}`);
      params = p;
    },
  });
}

/** acc[c, at + x] += src[c, x] * (w[x] or 1) over a tile. */
function accumulateTile(acc: Float32Array, work: Shape3, src: Float32Array, tile: Shape3, at: Shape3, w: Float32Array | undefined, channels: number): void {
  const [D, H, W] = work;
  const [td, th, tw] = tile;
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < td; z++) {
      for (let y = 0; y < th; y++) {
        const a = ((c * D + at[0] + z) * H + at[1] + y) * W + at[2];
        const s = ((c * td + z) * th + y) * tw;
        const ws = (z * th + y) * tw;
        for (let x = 0; x < tw; x++) acc[a + x] = (acc[a + x] as number) + (src[s + x] as number) * (w ? (w[ws + x] as number) : 1);
      }
    }
  }
}
