import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import { dice } from '../../shared/metrics';
import { fail, ok, type Result, withContext } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { claimFolder } from '../fs/stamp';
import type { LoadedModel } from '../engine/model-file';
import { readMask } from '../inference/mask-io';
import { runTeacher } from '../inference/teacher';
import { readBoxSet } from '../io/boxes/box-json';
import { loadCt } from '../io/load-ct';
import { writeNifti } from '../io/nifti/write';

/**
 * Algorithm 1, step 2: the trained teacher annotates every weak case from its boxes. Each
 * pseudo-label is written on its CT's own grid (<dir>/<id>.nii.gz) with a per-case record:
 * confidence (box agreement, see inference/teacher.ts) and, where the dataset kept the true
 * mask aside, the teacher's Dice against it. Cases already labelled are not redone.
 */
export interface WeakCaseFiles {
  readonly id: string;
  readonly ct: string;
  readonly boxes: string;
  /** Hidden truth for scoring only. */
  readonly mask?: string;
}

export interface PseudoRecord {
  readonly id: string;
  readonly path: string;
  readonly confidence: number;
  readonly tumours: number;
  readonly voxels: number;
  /** Dice against the hidden true mask, when the dataset has one. */
  readonly dice: number | null;
}

const STAMP_FILE = 'teacher.stamp.json';

export async function pseudoLabel(
  cases: readonly WeakCaseFiles[], teacher: LoadedModel, dir: string, threads: number | undefined, progress: ProgressSink, signal: CancelSignal, echo: (line: string) => void,
): Promise<Result<PseudoRecord[]>> {
  const owned = new Set(cases.flatMap((c) => [`${c.id}.nii.gz`, `${c.id}.json`]));
  if (claimFolder(dir, STAMP_FILE, { teacherSha256: teacher.card.paramsSha256 }, owned).length > 0) echo(`${dir} held another teacher's labels: labelling again`);
  const out: PseudoRecord[] = [];
  for (let n = 0; n < cases.length; n++) {
    if (signal.aborted) return fail(CANCELLED);
    const c = cases[n]!;
    const path = join(dir, `${c.id}.nii.gz`);
    const recordPath = join(dir, `${c.id}.json`);
    if (existsSync(path) && existsSync(recordPath)) {
      out.push(JSON.parse(readFileSync(recordPath, 'utf8')) as PseudoRecord);
      continue;
    }
    progress({ stage: 'pseudo-label', fraction: n / cases.length, message: `case ${c.id} (${n + 1} of ${cases.length})` });
    const ct = await loadCt(c.ct);
    if (!ct.ok) return withContext(ct, `case ${c.id}`);
    const boxes = readBoxSet(c.boxes);
    if (!boxes.ok) return withContext(boxes, `case ${c.id}`);
    const r = await runTeacher(ct.value.volume, boxes.value, teacher, { ...(threads ? { threads } : {}) }, () => undefined, signal);
    if (!r.ok) return withContext(r, `case ${c.id}`);
    let d: number | null = null;
    if (c.mask) {
      const truth = readMask(c.mask, ct.value.volume);
      if (!truth.ok) return withContext(truth, `case ${c.id}`);
      d = dice(r.value.mask.data, truth.value.data);
    }
    writeNifti(path, r.value.mask);
    const voxels = r.value.mask.data.reduce((a, x) => a + x, 0);
    const record: PseudoRecord = { id: c.id, path, confidence: r.value.confidence, tumours: r.value.tumours.length, voxels, dice: d };
    writeFileAtomic(recordPath, JSON.stringify(record));
    echo(`[pseudo-label] ${c.id}: ${record.tumours} tumour(s), confidence ${record.confidence.toFixed(3)}${d === null ? '' : `, Dice vs hidden truth ${d.toFixed(3)}`}`);
    out.push(record);
  }
  progress({ stage: 'pseudo-label', fraction: 1, message: `${cases.length} case(s) labelled` });
  return ok(out);
}
