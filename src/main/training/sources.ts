import { zScoreOf } from '../../shared/image/intensity';
import type { Vec3 } from '../../shared/volume/mat3';
import { balancedEpoch } from './balance';
import type { CaseCache } from './case-cache';
import type { Sample, SampleSource } from './loop';
import { drawAugment, extractPatch, NO_AUGMENT, startAround, startWithin, type Augment, type AugmentOptions } from './patch';
import type { HardSite } from './mine';
import { isTumourSite, type PreparedLungMeta, type PreparedStudentMeta, type PreparedTeacherMeta } from './prepare';
import { tumourWeightTable, weightBox, type TumourWeightTable } from './tumour-weights';
import { randomFor, shuffle } from '../../shared/random';

/**
 * Sample sources over prepared cases. Every draw is a pure function of (seed, epoch, index),
 * which is what lets a killed run resume onto exactly the same patches.
 */
export interface PreparedRef<M> {
  readonly path: string;
  readonly meta: M;
}

/** The stored CT is already clipped and z-scored; augmentation only jitters it. */
function ctMap(aug: Augment): ((z: number) => number) | undefined {
  return aug.scale === 1 && aug.shift === 0 ? undefined : (z) => z * aug.scale + aug.shift;
}

function toFloat(out: Float32Array, src: Uint8Array, dims: Vec3, start: Vec3, size: Vec3, aug: Augment, offset = 0): void {
  extractPatch({ data: src, dims }, start, size, 0, aug, out, offset);
}

export interface StudentSourceOptions {
  readonly patch: Vec3;
  readonly seed: number;
  readonly augment: AugmentOptions;
  /** Fraction of an epoch's patches centred at random lung positions instead of on a tumour. */
  readonly backgroundFraction: number;
  /** Heads the network trains: 'mask' always, 'box' for the dual-output student. */
  readonly heads: readonly string[];
  /** False-positive sites of the starting weights (mine.ts); background patches centre on one with probability `hardFraction`. */
  readonly hardSites?: readonly HardSite[];
  readonly hardFraction?: number;
  /**
   * When > 1, samples carry instance-balanced BCE weights for the mask head (tumour-weights.ts):
   * every tumour counts as one of at least this many voxels. The box head's weights are 1.
   */
  readonly tumourWeightVoxels?: number;
}

type StudentDraw =
  | { readonly kind: 'tumour'; readonly c: number; readonly l: number; readonly centre: Vec3 }
  | { readonly kind: 'background'; readonly c: number; readonly l: number }
  | { readonly kind: 'hard'; readonly c: number; readonly l: number; readonly centre: Vec3 };

/** Hard sites as (case, lung) indices of `train`; sites of cases not in it are dropped. */
function hardDraws(train: readonly PreparedRef<PreparedStudentMeta>[], sites: readonly HardSite[]): StudentDraw[] {
  const at = new Map<string, { c: number; l: number }>();
  train.forEach((ref, c) => ref.meta.lungs.forEach((lung, l) => at.set(`${ref.meta.id}|${lung.side}`, { c, l })));
  return sites.flatMap((s) => {
    const cl = at.get(`${s.id}|${s.side}`);
    return cl ? [{ kind: 'hard' as const, ...cl, centre: s.centre }] : [];
  });
}

/**
 * A lung's tumours that patches centre on. Fragments are left out here, not when a case is
 * prepared, so cases prepared before keep working: counted as sites they would fill the
 * smallest size bin and crowd out real nodules.
 */
const sitesOf = (lung: PreparedLungMeta): PreparedLungMeta['tumours'] => lung.tumours.filter(isTumourSite);

export function studentSource(train: readonly PreparedRef<PreparedStudentMeta>[], val: readonly PreparedRef<PreparedStudentMeta>[], cache: CaseCache, o: StudentSourceOptions): SampleSource {
  const sites = train.flatMap((ref, c) => ref.meta.lungs.flatMap((lung, l) => sitesOf(lung).map((t) => ({ c, l, centre: t.centre, volumeMl: t.volumeMl }))));
  const lungs = train.flatMap((ref, c) => ref.meta.lungs.map((_, l) => ({ c, l })));
  const hard = hardDraws(train, o.hardSites ?? []);
  const hardFraction = hard.length > 0 ? o.hardFraction ?? 0 : 0;
  const epochs = new Map<number, StudentDraw[]>();
  const drawsOf = (e: number): StudentDraw[] => {
    let d = epochs.get(e);
    if (d) return d;
    const r = randomFor(o.seed, 'student-epoch', e);
    const tumour: StudentDraw[] = balancedEpoch(sites, r).map((idx) => ({ kind: 'tumour', ...sites[idx]! }));
    const nBg = tumour.length === 0 ? lungs.length : Math.round((tumour.length * o.backgroundFraction) / Math.max(1e-6, 1 - o.backgroundFraction));
    // The extra draw only when hard sites exist keeps runs without them on their old patches.
    const bg: StudentDraw[] = Array.from({ length: nBg }, () => (hardFraction > 0 && r() < hardFraction
      ? hard[Math.floor(r() * hard.length)]!
      : { kind: 'background', ...lungs[Math.floor(r() * lungs.length)]! }));
    d = shuffle([...tumour, ...bg], r);
    epochs.clear();
    epochs.set(e, d);
    return d;
  };
  const vox = o.patch[0] * o.patch[1] * o.patch[2];
  const reference = o.tumourWeightVoxels ?? 0;
  const tables = new Map<string, TumourWeightTable>();
  const weightsOf = (ref: PreparedRef<PreparedStudentMeta>, side: string, label: Uint8Array, dims: Vec3, start: Vec3, aug: Augment): Record<string, Float32Array> => {
    const key = `${ref.path}|${side}`;
    let table = tables.get(key);
    if (!table) tables.set(key, (table = tumourWeightTable(label, dims, reference)));
    const box = weightBox(table, dims, start, o.patch);
    const weights: Record<string, Float32Array> = {};
    for (const head of o.heads) {
      weights[head] = head === 'mask' ? extractPatch({ data: box, dims: o.patch }, [0, 0, 0], o.patch, 1, aug, new Float32Array(vox)) : new Float32Array(vox).fill(1);
    }
    return weights;
  };
  const cut = (ref: PreparedRef<PreparedStudentMeta>, l: number, start: Vec3, aug: Augment): Sample => {
    const lung = ref.meta.lungs[l]!;
    const b = cache.must(ref.path);
    const dims = lung.grid.dims;
    const image = new Float32Array(vox);
    extractPatch({ data: b.arrays[`ct_${lung.side}`]!, dims }, start, o.patch, zScoreOf(-1024, ref.meta.stats) * aug.scale + aug.shift, aug, image, 0, ctMap(aug));
    const targets: Record<string, Float32Array> = {};
    for (const head of o.heads) {
      const t = new Float32Array(vox);
      toFloat(t, b.arrays[`${head === 'box' ? 'box' : 'label'}_${lung.side}`] as Uint8Array, dims, start, o.patch, aug);
      targets[head] = t;
    }
    if (reference <= 1) return { image, targets };
    return { image, targets, weights: weightsOf(ref, lung.side, b.arrays[`label_${lung.side}`] as Uint8Array, dims, start, aug) };
  };
  const margin = (dims: Vec3): { lo: Vec3; hi: Vec3 } => ({ lo: [8, 8, 5], hi: [dims[0] - 9, dims[1] - 9, dims[2] - 6] });
  const valDraws: { ref: PreparedRef<PreparedStudentMeta>; l: number; start: Vec3 }[] = [];
  for (const ref of val) {
    ref.meta.lungs.forEach((lung, l) => {
      for (const t of sitesOf(lung)) valDraws.push({ ref, l, start: startAround(t.centre, o.patch, () => 0.5) });
      const m = margin(lung.grid.dims);
      valDraws.push({ ref, l, start: startWithin(m.lo, m.hi, o.patch, randomFor(o.seed, 'val-bg', ref.meta.id, l)) });
    });
  }
  return {
    epochLength: (e) => drawsOf(e).length,
    async sample(e, n) {
      const d = drawsOf(e)[n]!;
      const r = randomFor(o.seed, 'student-sample', e, n);
      const ref = train[d.c]!;
      const lung = ref.meta.lungs[d.l]!;
      const m = margin(lung.grid.dims);
      const start = d.kind === 'background' ? startWithin(m.lo, m.hi, o.patch, r) : startAround(d.centre, o.patch, r);
      return cut(ref, d.l, start, drawAugment(r, o.augment, o.patch[0] === o.patch[1]));
    },
    validationCount: valDraws.length,
    async validationSample(v) {
      const d = valDraws[v]!;
      return cut(d.ref, d.l, d.start, NO_AUGMENT);
    },
  };
}

export interface TeacherSourceOptions {
  readonly patch: Vec3;
  readonly seed: number;
  readonly augment: AugmentOptions;
}

/** Teacher samples: the crop around one tumour, shifted within the region's jitter margin. */
export function teacherSource(train: readonly PreparedRef<PreparedTeacherMeta>[], val: readonly PreparedRef<PreparedTeacherMeta>[], cache: CaseCache, o: TeacherSourceOptions): SampleSource {
  const items = train.flatMap((ref, c) => ref.meta.regions.map((reg, g) => ({ c, g, volumeMl: reg.volumeMl })).filter((x) => ref.meta.regions[x.g]!.hasLabel));
  const vox = o.patch[0] * o.patch[1] * o.patch[2];
  const epochs = new Map<number, number[]>();
  const orderOf = (e: number): number[] => {
    let d = epochs.get(e);
    if (!d) {
      d = balancedEpoch(items, randomFor(o.seed, 'teacher-epoch', e));
      epochs.clear();
      epochs.set(e, d);
    }
    return d;
  };
  const cut = (ref: PreparedRef<PreparedTeacherMeta>, g: number, offset: Vec3, aug: Augment): Sample => {
    const reg = ref.meta.regions[g]!;
    const b = cache.must(ref.path);
    const dims = reg.grid.dims;
    const start: Vec3 = [reg.jitter + offset[0], reg.jitter + offset[1], reg.jitter + offset[2]];
    const image = new Float32Array(2 * vox);
    extractPatch({ data: b.arrays[`ct_${reg.tumor}`]!, dims }, start, o.patch, zScoreOf(-1024, ref.meta.stats) * aug.scale + aug.shift, aug, image, 0, ctMap(aug));
    toFloat(image, b.arrays[`box_${reg.tumor}`] as Uint8Array, dims, start, o.patch, aug, vox);
    const mask = new Float32Array(vox);
    toFloat(mask, b.arrays[`label_${reg.tumor}`] as Uint8Array, dims, start, o.patch, aug);
    return { image, targets: { mask } };
  };
  const valItems = val.flatMap((ref) => ref.meta.regions.map((reg, g) => ({ ref, g, has: reg.hasLabel })).filter((x) => x.has));
  return {
    epochLength: (e) => orderOf(e).length,
    async sample(e, n) {
      const it = items[orderOf(e)[n]!]!;
      const ref = train[it.c]!;
      const reg = ref.meta.regions[it.g]!;
      const r = randomFor(o.seed, 'teacher-sample', e, n);
      const offset = [0, 1, 2].map(() => Math.round((r() * 2 - 1) * reg.jitter)) as unknown as Vec3;
      return cut(ref, it.g, offset, drawAugment(r, o.augment, o.patch[0] === o.patch[1]));
    },
    validationCount: valItems.length,
    async validationSample(v) {
      const it = valItems[v]!;
      return cut(it.ref, it.g, [0, 0, 0], NO_AUGMENT);
    },
  };
}
