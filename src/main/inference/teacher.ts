import type { BoxSet } from '../../shared/boxes/types';
import { clippedStats } from '../../shared/image/intensity';
import { CANCELLED, ignoreProgress, subProgress, type CancelSignal, type ProgressSink } from '../../shared/job';
import { boxesToMask } from '../../shared/masks/box-mask';
import { maskToBoxes } from '../../shared/masks/mask-to-boxes';
import { TEACHER_DECISION, teacherDecision } from '../../shared/masks/teacher-decision';
import { fail, ok, type Result } from '../../shared/result';
import type { Mask, Volume } from '../../shared/volume/volume';
import type { LoadedModel } from '../engine/model-file';
import { createPredictor } from '../engine/predictor';
import type { EpRequest } from '../engine/runtime/ep';
import { pasteBack } from '../preprocess/paste-back';
import { teacherCrop } from '../preprocess/teacher-crop';
import { tumorNumbers } from '../training/prepare';
import { trainedPatch } from './models';

/**
 * The box-guided teacher on one CT: for every tumour of the box set, the crop centred on its
 * boxes (CT + box-mask channels) goes through the teacher, the probabilities come back onto
 * the CT's grid through geometry, and the union becomes a mask by `teacherDecision` (the
 * network's probability, with less of it needed for dense voxels inside a drawn box). Output
 * outside a tumour's boxes (their in-plane extent grown by `boxSlackVoxels`, their slice range
 * by one slice) is dropped: by definition an axial box holds its tumour, so anything beyond is
 * a false positive.
 */
export interface TeacherOptions {
  readonly threshold?: number;
  /** The network's share of the decision, in (0, 1]; 1 = the probability alone. Default 0.6. */
  readonly densityWeight?: number;
  /** Default 2 voxels; a negative value turns the clipping off. */
  readonly boxSlackVoxels?: number;
  /** Side of the cubic crop; default the model's training patch, else the paper's 128. */
  readonly crop?: number;
  readonly threads?: number;
  readonly ep?: EpRequest;
}

export interface TeacherTumour {
  readonly tumor: number;
  readonly voxels: number;
  /** Mean probability over the voxels kept as tumour. */
  readonly meanProb: number;
}

export interface TeacherResult {
  readonly prob: Volume<Float32Array>;
  readonly mask: Mask;
  readonly tumours: readonly TeacherTumour[];
  /**
   * Per-case confidence in [0, 1]: the voxel IoU between the drawn boxes and the boxes of
   * the teacher's own mask (transform_to_weak of the output), so an empty or overflowing
   * pseudo-label scores low and one that fills its boxes as a tumour would scores high.
   */
  readonly confidence: number;
  readonly crop: number;
  readonly warnings: readonly string[];
}

export async function runTeacher(
  ct: Volume, boxes: BoxSet, model: LoadedModel, o: TeacherOptions = {}, progress: ProgressSink = ignoreProgress, signal?: CancelSignal,
): Promise<Result<TeacherResult>> {
  const crop = o.crop ?? trainedPatch(model)?.[0] ?? 128;
  const predictor = createPredictor(model, { maxVoxels: crop ** 3, ...(o.threads ? { threads: o.threads } : {}), ...(o.ep ? { ep: o.ep } : {}) });
  if (!predictor.ok) return predictor;
  const stats = clippedStats(ct.data);
  const prob = new Float32Array(ct.data.length);
  const warnings: string[] = [];
  const tumours = tumorNumbers(boxes);
  for (let n = 0; n < tumours.length; n++) {
    if (signal?.aborted) return fail(CANCELLED);
    const t = tumours[n]!;
    progress({ stage: 'teacher', fraction: n / tumours.length, message: `tumour ${t} (${n + 1} of ${tumours.length})` });
    const tc = await teacherCrop(ct, boxes, t, { size: crop, stats });
    if (!tc.ok) return tc;
    warnings.push(...tc.value.warnings);
    const r = await predictor.value.predict(tc.value.input, [crop, crop, crop], { ...(signal ? { signal } : {}), progress: subProgress(progress, n / tumours.length, (n + 1) / tumours.length) });
    if (!r.ok) return r;
    await pasteBack(tc.value.transform, r.value.probs[model.spec.heads[0]!.name]!, prob, 'max');
  }
  const slack = o.boxSlackVoxels ?? 2;
  const allowed = slack >= 0 ? boxesToMask(grownBoxes(boxes, slack), ct).data : undefined;
  if (allowed) for (let q = 0; q < prob.length; q++) if (!allowed[q]) prob[q] = 0;
  const drawn = boxesToMask(boxes, ct).data;
  const data = teacherDecision(prob, ct.data, drawn, {
    ...TEACHER_DECISION, ...(o.threshold !== undefined ? { threshold: o.threshold } : {}), ...(o.densityWeight !== undefined ? { weight: o.densityWeight } : {}),
  }, allowed);
  const mask: Mask = { dims: ct.dims, spacing: ct.spacing, origin: ct.origin, direction: ct.direction, data };
  progress({ stage: 'teacher', fraction: 1, message: 'done' });
  return ok({ prob: { ...mask, data: prob }, mask, tumours: summarise(mask, prob, boxes, ct), confidence: boxAgreement(mask, drawn), crop, warnings });
}

/**
 * Each tumour's region as boxes on every slice from one below its lowest box to one above its
 * highest: the union of its boxes in-plane, grown by `slack` voxels (sparse human boxes leave
 * slices out; the tumour still lies within this block).
 */
function grownBoxes(set: BoxSet, slack: number): BoxSet {
  const out: BoxSet['boxes'][number][] = [];
  for (const t of tumorNumbers(set)) {
    const own = set.boxes.filter((b) => b.tumor === t);
    const i0 = Math.min(...own.map((b) => b.i0)) - slack;
    const i1 = Math.max(...own.map((b) => b.i1)) + slack;
    const j0 = Math.min(...own.map((b) => b.j0)) - slack;
    const j1 = Math.max(...own.map((b) => b.j1)) + slack;
    const k0 = Math.max(0, Math.min(...own.map((b) => b.k)) - 1);
    const k1 = Math.min(set.grid.dims[2] - 1, Math.max(...own.map((b) => b.k)) + 1);
    for (let k = k0; k <= k1; k++) out.push({ k, i0, j0, i1, j1, label: own[0]!.label, tumor: t });
  }
  return { ...set, boxes: out };
}

function summarise(mask: Mask, prob: Float32Array, boxes: BoxSet, ct: Volume): TeacherTumour[] {
  return tumorNumbers(boxes).map((t) => {
    const region = boxesToMask(grownBoxes({ ...boxes, boxes: boxes.boxes.filter((b) => b.tumor === t) }, 2), ct).data;
    let voxels = 0;
    let sum = 0;
    for (let q = 0; q < region.length; q++) {
      if (!region[q] || !mask.data[q]) continue;
      voxels++;
      sum += prob[q]!;
    }
    return { tumor: t, voxels, meanProb: voxels ? sum / voxels : 0 };
  });
}

/** `drawn`: the drawn boxes as a mask on the CT's grid (the decision already needed it). */
function boxAgreement(mask: Mask, drawn: Uint8Array): number {
  const own = boxesToMask(maskToBoxes(mask), mask).data;
  let inter = 0;
  let union = 0;
  for (let q = 0; q < drawn.length; q++) {
    const a = drawn[q] !== 0;
    const b = own[q] !== 0;
    if (a && b) inter++;
    if (a || b) union++;
  }
  return union === 0 ? 1 : inter / union;
}
