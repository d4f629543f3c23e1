import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { componentCentroids, labelComponents } from '../../shared/image/components';
import { dilateCube } from '../../shared/metrics/dilate';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import type { UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import type { Vec3 } from '../../shared/volume/mat3';
import { createPredictor } from '../engine/predictor';
import { writeFileAtomic } from '../fs/atomic';
import type { CaseCache } from './case-cache';
import type { PreparedStudentMeta } from './prepare';

/**
 * Hard negatives for a student that is fine-tuned: the places where its starting weights see
 * tumour and the label has none. Random lung patches rarely land on the few lymph nodes,
 * atelectasis bands or vessel knots a weak student mistakes for tumour, so a share of the
 * background patches is centred on these instead (hard-negative mining). The network runs
 * exactly as at inference (tiles of the training patch over the whole lung crop, threshold
 * 0.5); a component counts as false when no voxel of it, grown by one voxel, touches the label.
 */
export interface HardSite {
  /** Prepared case id and lung side: sites survive a change in the order of the cases. */
  readonly id: string;
  readonly side: 'right' | 'left';
  /** Centroid in the crop's index space (i, j, k). */
  readonly centre: Vec3;
  readonly voxels: number;
}

const siteSchema = z.object({
  id: z.string(), side: z.enum(['right', 'left']), centre: z.tuple([z.number(), z.number(), z.number()]), voxels: z.number().int().positive(),
});
const fileSchema = z.object({ format: z.literal('lungts-hard-negatives'), sites: z.array(siteSchema) });

/** Components of `mask` that do not touch `label` even after growing it by one voxel (26-neighbourhood). */
export function falseComponents(mask: Uint8Array, label: ArrayLike<number>, dims: Vec3, minVoxels: number): { centre: Vec3; voxels: number }[] {
  const c = labelComponents(mask, dims, 26);
  const near = dilateCube(label, dims, 1);
  const touches = new Uint8Array(c.count + 1);
  for (let q = 0; q < near.length; q++) if (near[q]) touches[c.labels[q]!] = 1;
  return componentCentroids(c, dims).flatMap((centre, t) => {
    const voxels = c.sizes[t + 1]!;
    return touches[t + 1] || voxels < minVoxels ? [] : [{ centre, voxels }];
  });
}

export interface MineOptions {
  readonly patch: Vec3;
  readonly minVoxels: number;
  readonly threads?: number;
}

/** Runs `model` over every lung crop of `refs` and lists its false-positive components. */
export async function mineHardNegatives(
  model: { spec: UNetSpec; params: Float32Array }, refs: readonly { readonly path: string; readonly meta: PreparedStudentMeta }[], cache: CaseCache, o: MineOptions,
  progress: ProgressSink, signal: CancelSignal,
): Promise<Result<HardSite[]>> {
  const [px, py, pz] = o.patch;
  const predictor = createPredictor(model, { maxVoxels: px * py * pz, tileShape: [pz, py, px], overlap: 0.25, ...(o.threads ? { threads: o.threads } : {}) });
  if (!predictor.ok) return predictor;
  const head = model.spec.heads[0]!.name;
  const sites: HardSite[] = [];
  for (let n = 0; n < refs.length; n++) {
    if (signal.aborted) return fail(CANCELLED);
    const ref = refs[n]!;
    progress({ stage: 'hard negatives', fraction: n / refs.length, message: `case ${ref.meta.id} (${n + 1} of ${refs.length})` });
    const b = cache.get(ref.path);
    if (!b.ok) return b;
    for (const lung of ref.meta.lungs) {
      const dims = lung.grid.dims;
      const ct = b.value.arrays[`ct_${lung.side}`];
      const label = b.value.arrays[`label_${lung.side}`];
      if (!(ct instanceof Float32Array) || !label) return fail(`prepared case ${ref.meta.id} lacks its ${lung.side} crop`);
      const r = await predictor.value.predict(ct, [dims[2], dims[1], dims[0]], { signal });
      if (!r.ok) return r;
      const prob = r.value.probs[head]!;
      const mask = new Uint8Array(prob.length);
      for (let q = 0; q < prob.length; q++) mask[q] = prob[q]! >= 0.5 ? 1 : 0;
      for (const s of falseComponents(mask, label, dims, o.minVoxels)) sites.push({ id: ref.meta.id, side: lung.side, ...s });
    }
  }
  progress({ stage: 'hard negatives', fraction: 1, message: `${sites.length} false-positive site(s)` });
  return ok(sites);
}

export function writeHardSites(path: string, sites: readonly HardSite[]): void {
  writeFileAtomic(path, JSON.stringify({ format: 'lungts-hard-negatives', sites }));
}

/** The sites a run mined before (undefined when it has not), so a resumed run samples the same places. */
export function readHardSites(path: string): Result<HardSite[] | undefined> {
  if (!existsSync(path)) return ok(undefined);
  try {
    const r = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!r.success) return fail(`${path}: not a hard-negative list (${r.error.issues[0]?.message ?? 'invalid'})`);
    return ok(r.data.sites.map((s) => ({ ...s, centre: [s.centre[0], s.centre[1], s.centre[2]] as Vec3 })));
  } catch (e) {
    return fail(`${path}: not readable JSON (${(e as Error).message})`);
  }
}
