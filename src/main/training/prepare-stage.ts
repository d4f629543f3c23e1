import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BoxSet } from '../../shared/boxes/types';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import { maskToBoxes } from '../../shared/masks/mask-to-boxes';
import { fail, ok, type Result, withContext } from '../../shared/result';
import type { Mask, Volume } from '../../shared/volume/volume';
import { readMask } from '../inference/mask-io';
import { readBoxSet } from '../io/boxes/box-json';
import { loadCt } from '../io/load-ct';
import { writeNifti } from '../io/nifti/write';
import { computeLungMask } from '../preprocess/lung-mask/compute';
import { writeBundle } from './bundle';
import { writeFileAtomic } from '../fs/atomic';
import { readJsonIfPresent } from '../fs/read-json';
import { fileSha256, sameStamp, type Stamp } from '../fs/stamp';
import type { PreparedRef } from './sources';
import { prepareStudentCase, prepareTeacherCase, type PreparedStudentMeta, type PreparedTeacherMeta } from './prepare';

/**
 * Brings cases into network space once per run (cache/<id>.<kind>.bin plus its meta as JSON),
 * skipping those already prepared, so a resumed run does not redo them. A bundle is reused
 * only when it was made from the same label and boxes (their bytes' sha256 are kept beside
 * the meta): a pseudo-label remade by an extended teacher, or a mask corrected since, is
 * prepared again. The lung mask is computed (never taken from the dataset), exactly as
 * inference computes it, and depends on the CT alone, which a case id does not change.
 */
export interface CaseInputFiles {
  readonly id: string;
  readonly ct: string;
  /** Tumour mask for training (truth or pseudo-label). */
  readonly label?: string;
  readonly boxes?: string;
}

export interface LoadedCase {
  readonly ct: Volume;
  readonly label?: Mask;
  readonly boxes: BoxSet;
  readonly lungs: Mask;
}

export async function loadCase(c: CaseInputFiles, cacheDir: string): Promise<Result<LoadedCase>> {
  const ct = await loadCt(c.ct);
  if (!ct.ok) return withContext(ct, `case ${c.id}`);
  const vol = ct.value.volume;
  let label: Mask | undefined;
  if (c.label) {
    const m = readMask(c.label, vol);
    if (!m.ok) return withContext(m, `case ${c.id}`);
    label = m.value;
  }
  let boxes: BoxSet;
  if (c.boxes) {
    const b = readBoxSet(c.boxes);
    if (!b.ok) return withContext(b, `case ${c.id}`);
    boxes = b.value;
  } else if (label) {
    boxes = maskToBoxes(label);
  } else {
    return fail(`case ${c.id}: neither boxes nor a mask`);
  }
  const lungsPath = join(cacheDir, `${c.id}.lungs.nii.gz`);
  let lungs: Mask;
  const cached = existsSync(lungsPath) ? readMask(lungsPath, vol) : undefined;
  if (cached?.ok) lungs = cached.value;
  else {
    const lm = await computeLungMask(vol);
    if (!lm.ok) return withContext(lm, `case ${c.id}: lung mask`);
    lungs = lm.value.mask;
    writeNifti(lungsPath, lungs);
  }
  return ok({ ct: vol, ...(label ? { label } : {}), boxes, lungs });
}

function bundlePaths(cacheDir: string, id: string, kind: string): { bin: string; meta: string } {
  return { bin: join(cacheDir, `${id}.${kind}.bin`), meta: join(cacheDir, `${id}.${kind}.json`) };
}

/** A bundle's meta file: what the bundle holds, and what it was made from. */
interface MetaFile<M> {
  readonly inputs: Stamp;
  readonly meta: M;
}

async function prepareAll<M>(
  cases: readonly CaseInputFiles[], cacheDir: string, kind: string, progress: ProgressSink, signal: CancelSignal,
  make: (c: CaseInputFiles, loaded: LoadedCase) => Promise<Result<{ meta: M; arrays: Parameters<typeof writeBundle>[2] }>>,
): Promise<Result<PreparedRef<M>[]>> {
  const refs: PreparedRef<M>[] = [];
  for (let n = 0; n < cases.length; n++) {
    if (signal.aborted) return fail(CANCELLED);
    const c = cases[n]!;
    const p = bundlePaths(cacheDir, c.id, kind);
    progress({ stage: `prepare ${kind}`, fraction: n / cases.length, message: `case ${c.id} (${n + 1} of ${cases.length})` });
    const inputs: Stamp = { label: c.label ? fileSha256(c.label) : null, boxes: c.boxes ? fileSha256(c.boxes) : null };
    const found = existsSync(p.bin) ? readJsonIfPresent<Partial<MetaFile<M>>>(p.meta) : undefined;
    let meta: M | undefined = found?.meta !== undefined && sameStamp(found.inputs, inputs) ? found.meta : undefined;
    if (meta === undefined) {
      const loaded = await loadCase(c, cacheDir);
      if (!loaded.ok) return loaded;
      const prepared = await make(c, loaded.value);
      if (!prepared.ok) return prepared;
      const w = writeBundle(p.bin, prepared.value.meta, prepared.value.arrays);
      if (!w.ok) return w;
      writeFileAtomic(p.meta, JSON.stringify({ inputs, meta: prepared.value.meta } satisfies MetaFile<M>));
      meta = prepared.value.meta;
    }
    refs.push({ path: p.bin, meta });
  }
  progress({ stage: `prepare ${kind}`, fraction: 1, message: `${cases.length} case(s) ready` });
  return ok(refs);
}

export function prepareTeacherCases(
  cases: readonly CaseInputFiles[], cacheDir: string, crop: number, jitter: number, progress: ProgressSink, signal: CancelSignal,
): Promise<Result<PreparedRef<PreparedTeacherMeta>[]>> {
  return prepareAll(cases, cacheDir, 'teacher', progress, signal, (c, l) =>
    prepareTeacherCase({ id: c.id, ct: l.ct, boxes: l.boxes, ...(l.label ? { label: l.label } : {}), crop, jitter }));
}

/** `tag` separates preparations of one case with different labels (truth vs pseudo-label). */
export function prepareStudentCases(
  cases: readonly CaseInputFiles[], cacheDir: string, tag: string, progress: ProgressSink, signal: CancelSignal,
): Promise<Result<PreparedRef<PreparedStudentMeta>[]>> {
  return prepareAll(cases, cacheDir, `student-${tag}`, progress, signal, async (c, l) => {
    if (!l.label) return fail(`case ${c.id}: a student case needs a mask`);
    return prepareStudentCase({ id: c.id, ct: l.ct, label: l.label, boxes: l.boxes, lungs: l.lungs });
  });
}
