import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoxSet } from '../../shared/boxes/types';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import { maskToBoxes } from '../../shared/masks/mask-to-boxes';
import { evaluateCase, summarise, type CaseMetrics, type SummaryMetrics } from '../../shared/metrics';
import { fail, ok, type Result, withContext } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { claimFolder, type Stamp } from '../fs/stamp';
import type { LoadedModel } from '../engine/model-file';
import { readMask } from '../inference/mask-io';
import { effectivePostprocess, IN_PLANE_MIRRORS, segmentCt } from '../inference/segment';
import { runTeacher } from '../inference/teacher';
import { readBoxSet } from '../io/boxes/box-json';
import { loadCt } from '../io/load-ct';
import { writeNifti } from '../io/nifti/write';

/**
 * Scores a model on labelled cases: the student segments each CT with no input, the teacher
 * gets each case's boxes (the dataset's, or transform_to_weak of the true mask). Per-case
 * figures and predictions are kept in `dir` so an interrupted evaluation continues.
 */
export interface LabelledCase {
  readonly id: string;
  readonly ct: string;
  readonly mask: string;
  readonly boxes?: string;
}

export interface EvaluationReport {
  readonly model: string;
  readonly role: 'student' | 'teacher';
  readonly cases: readonly CaseMetrics[];
  readonly summary: SummaryMetrics;
}

export interface EvaluateOptions {
  readonly threads?: number;
  /** Student only; unset falls to the model card's choice, as the component filter below does. */
  readonly lungFilter?: boolean;
  /** The student also runs on the in-plane mirrors of each crop (segment's IN_PLANE_MIRRORS). */
  readonly mirror?: boolean;
  /** segmentCt's component filter (student only). */
  readonly minVolumeMl?: number;
  readonly minPeak?: number;
  /** Write each prediction as <dir>/<id>.nii.gz. */
  readonly savePredictions?: boolean;
}

const STAMP_FILE = 'evaluation.json';

/**
 * Resuming must not mix models: a stage extended after it was scored, or `evaluate-set` run
 * again into the same folder with another model or options, would otherwise report the old
 * model's figures. Records (and the predictions and summary written beside them) made under
 * another stamp (role, weights, lung filter, mirror), or under none, are deleted.
 */
function startOrResume(dir: string, stamp: Stamp, ids: readonly string[], echo: (line: string) => void): void {
  const owned = new Set(['summary.json', ...ids.flatMap((id) => [`${id}.metrics.json`, `${id}.nii.gz`])]);
  if (claimFolder(dir, STAMP_FILE, stamp, owned).length > 0) echo(`${dir} held figures of another model or other options: scoring again`);
}

export async function evaluateModel(
  role: 'student' | 'teacher', model: LoadedModel, cases: readonly LabelledCase[], dir: string, o: EvaluateOptions,
  progress: ProgressSink, signal: CancelSignal, echo: (line: string) => void = () => undefined,
): Promise<Result<EvaluationReport>> {
  // A student's stamp holds the post-processing in force, so scores made under another card's
  // choice are not reused (its lung filter in `applied` overrides the option); the teacher has none.
  const post = role === 'student' ? effectivePostprocess(model, o) : undefined;
  const applied = post && { threshold: post.threshold, minVolumeMl: post.minVolumeMl, minPeak: post.minPeak, lungFilter: post.lungFilter };
  startOrResume(dir, { role, paramsSha256: model.card.paramsSha256, lungFilter: o.lungFilter ?? false, mirror: o.mirror ?? false, ...(applied ?? {}) }, cases.map((c) => c.id), echo);
  const per: CaseMetrics[] = [];
  for (let n = 0; n < cases.length; n++) {
    if (signal.aborted) return fail(CANCELLED);
    const c = cases[n]!;
    const recordPath = join(dir, `${c.id}.metrics.json`);
    if (existsSync(recordPath)) {
      per.push(JSON.parse(readFileSync(recordPath, 'utf8')) as CaseMetrics);
      continue;
    }
    progress({ stage: `evaluate ${model.spec.name}`, fraction: n / cases.length, message: `case ${c.id} (${n + 1} of ${cases.length})` });
    const ct = await loadCt(c.ct);
    if (!ct.ok) return withContext(ct, `case ${c.id}`);
    const truth = readMask(c.mask, ct.value.volume);
    if (!truth.ok) return withContext(truth, `case ${c.id}`);
    let pred;
    if (role === 'student') {
      const r = await segmentCt(ct.value.volume, model, { ...(o.threads ? { threads: o.threads } : {}), ...applied, ...(o.mirror ? { mirrors: IN_PLANE_MIRRORS } : {}) }, () => undefined, signal);
      if (!r.ok) return withContext(r, `case ${c.id}`);
      pred = r.value.mask!;
    } else {
      let boxes: BoxSet;
      if (c.boxes) {
        const b = readBoxSet(c.boxes);
        if (!b.ok) return withContext(b, `case ${c.id}`);
        boxes = b.value;
      } else boxes = maskToBoxes(truth.value);
      const r = await runTeacher(ct.value.volume, boxes, model, { ...(o.threads ? { threads: o.threads } : {}) }, () => undefined, signal);
      if (!r.ok) return withContext(r, `case ${c.id}`);
      pred = r.value.mask;
    }
    if (o.savePredictions) writeNifti(join(dir, `${c.id}.nii.gz`), pred);
    const m = evaluateCase(c.id, pred.data, truth.value.data, pred.dims);
    writeFileAtomic(recordPath, JSON.stringify(m));
    echo(`[evaluate ${model.spec.name}] ${c.id}: Dice ${m.dice.toFixed(3)}, F1 ${m.f1.toFixed(3)} (${m.tp_gt}/${m.gt_objects} found, ${m.fp} false positive(s))`);
    per.push(m);
  }
  const report: EvaluationReport = { model: model.spec.name, role, cases: per, summary: summarise(per) };
  writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(report, null, 1));
  progress({ stage: `evaluate ${model.spec.name}`, fraction: 1, message: 'done' });
  return ok(report);
}
