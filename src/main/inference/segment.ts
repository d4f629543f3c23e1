import { mirrorVolume } from '../../shared/image/mirror';
import { closeAxialSlices, filterComponents, keepInsideLungs, thresholdVolume } from '../../shared/image/postprocess';
import { CANCELLED, ignoreProgress, subProgress, type CancelSignal, type ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import type { Vec3 } from '../../shared/volume/mat3';
import type { Mask, Volume } from '../../shared/volume/volume';
import type { LoadedModel } from '../engine/model-file';
import { createPredictor, type PredictOptions, type Predictor } from '../engine/predictor';
import type { EpReport, EpRequest } from '../engine/runtime/ep';
import { computeLungMask } from '../preprocess/lung-mask/compute';
import { pasteBack } from '../preprocess/paste-back';
import { studentCrops } from '../preprocess/student-crops';
import { trainedPatch } from './models';

/**
 * The fully automatic student on one CT: lung mask, one crop per lung on the network grid,
 * the student over each crop (in tiles of the patch it was trained on, Gaussian-blended, so
 * it sees what it learned on), probabilities pasted back onto the CT's own grid, then the
 * paper's post-processing: threshold, per-slice closing, and optionally only what lies in
 * the lungs. With `threshold` < 0 the probability map is the result.
 */
export interface SegmentOptions {
  /** The model card's choice by default, else 0.5; negative keeps the probability map (no threshold, no closing). */
  readonly threshold?: number;
  /** Per-slice closing disk radius in voxels (0 = none); default 1, the paper's. */
  readonly closingRadius?: number;
  /** After the closing, drop components smaller than this (ml) or never as confident as minPeak (see filterComponents); the card's choice by default, else none. */
  readonly minVolumeMl?: number;
  readonly minPeak?: number;
  /** Keep only components with a quarter or more of their voxels in the lungs; the card's choice by default, else off. */
  readonly lungFilter?: boolean;
  /** A precomputed lung mask on the CT's grid (1 right, 2 left). */
  readonly lungs?: Mask;
  /** Tile shape [nx, ny, nz]; default the model's training patch. */
  readonly tile?: Vec3;
  readonly overlap?: number;
  readonly threads?: number;
  readonly ep?: EpRequest;
  /**
   * Test-time mirroring: the student also runs on each crop mirrored along these sets of
   * axes (0 = left-right, 1 = front-back, 2 = head-foot), and the probabilities are averaged.
   * Each set costs one more network pass. Default none.
   */
  readonly mirrors?: readonly (readonly (0 | 1 | 2)[])[];
}

/** `--mirror`: the three other in-plane mirrors (left-right, front-back, both): four passes in all. */
export const IN_PLANE_MIRRORS: readonly (readonly (0 | 1 | 2)[])[] = [[0], [1], [0, 1]];

/** What segment applies to the probabilities: the caller's choice, else the model card's, else the paper's. */
export interface AppliedPostprocess {
  readonly threshold: number;
  readonly minVolumeMl: number;
  readonly minPeak: number;
  readonly lungFilter: boolean;
  /** Where the values came from, e.g. "model card" or "caller + model card". */
  readonly source: string;
}

export function effectivePostprocess(model: LoadedModel, o: Pick<SegmentOptions, 'threshold' | 'minVolumeMl' | 'minPeak' | 'lungFilter'>): AppliedPostprocess {
  const card = model.card.postprocess;
  const origins = new Set<string>();
  const pick = <T>(mine: T | undefined, carded: T | undefined, paper: T): T => {
    const [value, origin] = mine !== undefined ? [mine, 'caller'] : carded !== undefined ? [carded, 'model card'] : [paper, 'paper'];
    origins.add(origin);
    return value;
  };
  const threshold = pick(o.threshold, card?.threshold, 0.5);
  const minVolumeMl = pick(o.minVolumeMl, card?.minVolumeMl, 0);
  const minPeak = pick(o.minPeak, card?.minPeak, 0);
  const lungFilter = pick(o.lungFilter, card?.lungFilter, false);
  return { threshold, minVolumeMl, minPeak, lungFilter, source: ['caller', 'model card', 'paper'].filter((x) => origins.has(x)).join(' + ') };
}

/** One line for a log or a report, e.g. "post-processing (model card): threshold 0.5, components of >= 0.5 ml peaking at >= 0.95, in the lungs". */
export function describePostprocess(p: AppliedPostprocess): string {
  const filter = p.minVolumeMl > 0 || p.minPeak > 0 ? `, components of >= ${p.minVolumeMl} ml peaking at >= ${p.minPeak}` : '';
  const lungs = p.lungFilter ? ', in the lungs (a quarter or more of each component)' : '';
  return `post-processing (${p.source}): threshold ${p.threshold}${filter}${lungs}`;
}

export interface SegmentResult {
  readonly prob: Volume<Float32Array>;
  /** Undefined when the probability map was asked for. */
  readonly mask: Mask | undefined;
  readonly lungs: Mask;
  readonly warnings: readonly string[];
  /** Seconds per stage. */
  readonly timings: Readonly<Record<string, number>>;
  readonly ep: EpReport | undefined;
  readonly tiles: number;
  readonly postprocess: AppliedPostprocess;
}

export async function segmentCt(
  ct: Volume, model: LoadedModel, o: SegmentOptions = {}, progress: ProgressSink = ignoreProgress, signal?: CancelSignal,
): Promise<Result<SegmentResult>> {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - t0) / 1000;
    t0 = now;
  };
  const warnings: string[] = [];
  let lungs = o.lungs;
  if (!lungs) {
    const lm = await computeLungMask(ct, { progress: subProgress(progress, 0, 0.2), ...(signal ? { signal } : {}) });
    if (!lm.ok) return lm;
    lungs = lm.value.mask;
    warnings.push(...lm.value.warnings);
  }
  lap('lung_mask');
  const prob = new Float32Array(ct.data.length);
  const hasLung = lungs.data.some((x) => x === 1 || x === 2);
  if (!hasLung) warnings.push('no lung was found in this CT: nothing was segmented');
  const cropped = hasLung ? await studentCrops(ct, lungs) : undefined;
  if (cropped && !cropped.ok) return cropped;
  const crops = cropped?.value.crops ?? [];
  lap('crops');
  const tile = o.tile ?? trainedPatch(model);
  const predictor = createPredictor(model, {
    ...(tile ? { maxVoxels: tile[0] * tile[1] * tile[2], tileShape: [tile[2], tile[1], tile[0]] } : {}),
    overlap: o.overlap ?? 0.25,
    ...(o.threads ? { threads: o.threads } : {}), ...(o.ep ? { ep: o.ep } : {}),
  });
  if (!predictor.ok) return predictor;
  let ep: EpReport | undefined;
  let tiles = 0;
  let network = 0;
  let paste = 0;
  for (let n = 0; n < crops.length; n++) {
    if (signal?.aborted) return fail(CANCELLED);
    const crop = crops[n]!;
    const b = performance.now();
    const [nx, ny, nz] = crop.input.dims;
    const r = await predictMirrored(predictor.value, crop.input.data, [nx, ny, nz], model.spec.heads[0]!.name, o.mirrors ?? [], {
      ...(signal ? { signal } : {}), progress: subProgress(progress, 0.2 + (0.7 * n) / crops.length, 0.2 + (0.7 * (n + 1)) / crops.length),
    });
    if (!r.ok) return r;
    ep = r.value.ep;
    tiles += r.value.tiles;
    const c = performance.now();
    await pasteBack(crop.transform, r.value.prob, prob, 'max');
    network += c - b;
    paste += performance.now() - c;
  }
  timings.network = Math.round(network) / 1000;
  timings.paste_back = Math.round(paste) / 1000;
  t0 = performance.now();
  const probVolume: Volume<Float32Array> = { dims: ct.dims, spacing: ct.spacing, origin: ct.origin, direction: ct.direction, data: prob };
  const post = effectivePostprocess(model, o);
  const threshold = post.threshold;
  let mask: Mask | undefined;
  if (threshold >= 0) {
    mask = thresholdVolume(probVolume, threshold);
    const radius = o.closingRadius ?? 1;
    if (radius > 0) mask = closeAxialSlices(mask, radius);
    mask = filterComponents(mask, prob, post);
    if (post.lungFilter) mask = keepInsideLungs(mask, lungs, 'components');
  } else if (o.lungFilter === true) {
    // A probability map is the network's own output: only an explicit request clears it outside the lungs, never the card.
    for (let q = 0; q < prob.length; q++) if (!lungs.data[q]) prob[q] = 0;
  }
  lap('postprocess');
  progress({ stage: 'segment', fraction: 1, message: 'done' });
  return ok({ prob: probVolume, mask, lungs, warnings, timings, ep, tiles, postprocess: post });
}

/** The network on a crop and on each of its mirrors (mirrored back), probabilities averaged. */
async function predictMirrored(
  predictor: Predictor, input: Float32Array, dims: [number, number, number], head: string, mirrors: readonly (readonly (0 | 1 | 2)[])[], opts: PredictOptions,
): Promise<Result<{ prob: Float32Array; tiles: number; ep: EpReport }>> {
  const passes = [[], ...mirrors];
  const progress = opts.progress ?? ignoreProgress;
  let sum: Float32Array | undefined;
  let tiles = 0;
  let ep: EpReport | undefined;
  for (let f = 0; f < passes.length; f++) {
    const axes = passes[f]!;
    const r = await predictor.predict(axes.length ? mirrorVolume(input, dims, axes) : input, [dims[2], dims[1], dims[0]], {
      ...opts, progress: subProgress(progress, f / passes.length, (f + 1) / passes.length),
    });
    if (!r.ok) return r;
    tiles += r.value.tiles;
    ep = r.value.ep;
    const p = axes.length ? mirrorVolume(r.value.probs[head]!, dims, axes) : r.value.probs[head]!;
    if (!sum) sum = passes.length === 1 ? p : Float32Array.from(p);
    else for (let q = 0; q < p.length; q++) sum[q]! += p[q]!;
  }
  if (passes.length > 1) for (let q = 0; q < sum!.length; q++) sum![q]! /= passes.length;
  return ok({ prob: sum!, tiles, ep: ep! });
}
