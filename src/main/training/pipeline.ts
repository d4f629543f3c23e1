import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CancelSignal, type ProgressSink, subProgress } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import type { LoadedModel } from '../engine/model-file';
import type { RunConfig } from './config';
import type { DatasetCase } from './dataset';
import { evaluateModel, type EvaluationReport, type LabelledCase } from './evaluate-stage';
import { cardMetrics, checkpointModel, exportWithCard } from './export-model';
import { prepareStudentCases, prepareTeacherCases } from './prepare-stage';
import { pseudoLabel, type PseudoRecord } from './pseudo-stage';
import { readBest, stageFiles } from './run-files';
import { openRun, type OpenRunInput, type RunContext } from './run-context';
import { trainStudent, trainTeacher, type StageContext, type StageOutcome, type StudentVariant } from './train-stage';

/**
 * Algorithm 1 end to end in a run directory: teacher on the strong cases, pseudo-labels for
 * the weak ones, the students (baseline on strong only, SO and DO on strong + pseudo-labelled
 * weak), each scored on the held-out test cases and exported with its model card. Every stage
 * resumes from what the directory already holds, so re-running after a kill continues; the
 * stages also run one at a time (`lungts train`, `lungts pseudo-label`).
 */
export interface PipelineInput extends OpenRunInput {
  /** Stop after this stage (e.g. to look at the teacher first). */
  readonly until?: 'teacher' | 'pseudo' | 'students';
}

export interface Trained {
  readonly stage: StageOutcome;
  readonly test: EvaluationReport;
}

export interface PipelineResult {
  readonly config: RunConfig;
  readonly split: RunContext['counts'];
  readonly teacher?: Trained & { readonly pseudo: readonly PseudoRecord[] };
  readonly students: Partial<Record<StudentVariant, Trained>>;
}

export interface Io {
  readonly progress: ProgressSink;
  readonly signal: CancelSignal;
  readonly echo: (line: string) => void;
  readonly onEpoch?: StageContext['onEpoch'];
  /** Fine-tuning: the starting weights of the network this stage trains, and where they came from. */
  readonly initial?: Float32Array;
  readonly initialFrom?: string;
}

const labelled = (c: DatasetCase): LabelledCase => ({ id: c.id, ct: c.ct, mask: c.mask!, ...(c.boxes ? { boxes: c.boxes } : {}) });
const strongFiles = (cs: readonly DatasetCase[]) => cs.map((c) => ({ id: c.id, ct: c.ct, label: c.mask!, ...(c.boxes ? { boxes: c.boxes } : {}) }));

function stageContext(run: RunContext, io: Io, progress: ProgressSink, data: string): StageContext {
  return {
    runDir: run.out, config: run.config, dataDescription: data, syntheticOnly: run.syntheticOnly, echo: io.echo, progress, signal: io.signal,
    ...(io.onEpoch ? { onEpoch: io.onEpoch } : {}), ...(io.initial ? { initial: io.initial } : {}),
    ...(io.initialFrom ? { initialFrom: io.initialFrom } : {}),
  };
}

/** Trains (or resumes) the teacher, scores it on the test cases given their boxes, exports models/teacher.onnx. */
export async function teacherStage(run: RunContext, io: Io): Promise<Result<Trained & { readonly onnx: string }>> {
  const t = run.config.teacher;
  const { split, cache } = run;
  const tTrain = await prepareTeacherCases(strongFiles(split.strongTrain), cache, t.patch[0], t.jitter, subProgress(io.progress, 0, 0.1), io.signal);
  if (!tTrain.ok) return tTrain;
  const tVal = await prepareTeacherCases(strongFiles(split.strongVal), cache, t.patch[0], t.jitter, subProgress(io.progress, 0.1, 0.15), io.signal);
  if (!tVal.ok) return tVal;
  const data = `${run.dataset.name}: ${run.counts.strongTrain} strong cases (${run.counts.strongVal} more for validation)`;
  const stage = await trainTeacher(stageContext(run, io, subProgress(io.progress, 0.15, 0.85), data), tTrain.value, tVal.value);
  if (!stage.ok) return stage;
  return scoreAndExport(run, io, 'teacher', 'teacher', stage.value, subProgress(io.progress, 0.85, 1));
}

async function scoreAndExport(run: RunContext, io: Io, name: string, role: 'teacher' | 'student', stage: StageOutcome, progress: ProgressSink): Promise<Result<Trained & { readonly onnx: string }>> {
  const model = checkpointModel(stage.best);
  const threads = run.config.threads;
  const test = await evaluateModel(role, model, run.split.test.map(labelled), join(run.out, 'eval', name), { ...(threads ? { threads } : {}), savePredictions: role === 'student' }, progress, io.signal, io.echo);
  if (!test.ok) return test;
  const key = (name === 'teacher' ? 'teacher' : name.replace('student-', '')) as keyof RunConfig['exportNames'];
  const notes = [`held-out test: ${run.counts.test} case(s) never seen in training`];
  const exported = exportWithCard(run.models, name, stage.best, cardMetrics('test', test.value.summary), notes, run.config.exportNames[key]);
  if (!exported.ok) return exported;
  return ok({ stage, test: test.value, onnx: exported.value.onnx });
}

/** The run's own teacher (its best checkpoint), for pseudo-labelling without retraining. */
export function runTeacherModel(run: RunContext): Result<LoadedModel> {
  const f = stageFiles(run.out, 'teacher');
  if (!existsSync(f.best)) return fail(`${run.out} has no trained teacher yet (run "lungts train teacher" first, or pass --teacher)`);
  const best = readBest(f);
  return best.ok ? ok(checkpointModel(best.value)) : best;
}

/** Pseudo-labels every weak case with `teacher` (run/pseudo/), keeping what is already labelled. */
export async function pseudoStage(run: RunContext, teacher: LoadedModel, io: Io): Promise<Result<PseudoRecord[]>> {
  const weak = run.split.weak.map((c) => ({ id: c.id, ct: c.ct, boxes: c.boxes!, ...(c.mask ? { mask: c.mask } : {}) }));
  const dir = join(run.out, 'pseudo');
  const r = await pseudoLabel(weak, teacher, dir, run.config.threads, io.progress, io.signal, io.echo);
  if (r.ok) writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(r.value, null, 1));
  return r;
}

/** Trains (or resumes) one student; SO and DO need the pseudo-labels. */
export async function studentStage(run: RunContext, variant: StudentVariant, pseudo: readonly PseudoRecord[], io: Io): Promise<Result<Trained & { readonly onnx: string }>> {
  const { split, cache, config } = run;
  const sTrain = await prepareStudentCases(strongFiles(split.strongTrain), cache, 'truth', subProgress(io.progress, 0, 0.05), io.signal);
  if (!sTrain.ok) return sTrain;
  const sVal = await prepareStudentCases(strongFiles(split.strongVal), cache, 'truth', subProgress(io.progress, 0.05, 0.07), io.signal);
  if (!sVal.ok) return sVal;
  let train = sTrain.value;
  let weakCount = 0;
  if (variant !== 'baseline') {
    const kept = pseudo.filter((p) => p.confidence >= config.minConfidence && p.voxels > 0);
    if (kept.length < pseudo.length) io.echo(`${pseudo.length - kept.length} weak case(s) left out: empty pseudo-label or confidence below ${config.minConfidence}`);
    const byId = new Map(split.weak.map((c) => [c.id, c]));
    const sWeak = await prepareStudentCases(kept.map((p) => ({ id: p.id, ct: byId.get(p.id)!.ct, label: p.path, boxes: byId.get(p.id)!.boxes! })), cache, 'pseudo', subProgress(io.progress, 0.07, 0.15), io.signal);
    if (!sWeak.ok) return sWeak;
    train = [...train, ...sWeak.value];
    weakCount = kept.length;
  }
  const data = variant === 'baseline' ? `${run.dataset.name}: ${run.counts.strongTrain} strong cases` : `${run.dataset.name}: ${run.counts.strongTrain} strong + ${weakCount} teacher-labelled weak cases`;
  const stage = await trainStudent(stageContext(run, io, subProgress(io.progress, 0.15, 0.85), data), variant, train, sVal.value, { strong: run.counts.strongTrain, weak: weakCount });
  if (!stage.ok) return stage;
  return scoreAndExport(run, io, `student-${variant}`, 'student', stage.value, subProgress(io.progress, 0.85, 1));
}

export async function runPipeline(input: PipelineInput, progress: ProgressSink, signal: CancelSignal, echo: (line: string) => void): Promise<Result<PipelineResult>> {
  const opened = openRun(input, echo);
  if (!opened.ok) return opened;
  const run = opened.value;
  const c = run.counts;
  echo(`dataset ${run.dataset.name}: ${c.strongTrain} strong training, ${c.strongVal} validation, ${c.weak} weak, ${c.test} test case(s)`);
  const io = (from: number, to: number): Io => ({ progress: subProgress(progress, from, to), signal, echo });
  const teacher = await teacherStage(run, io(0, 0.28));
  if (!teacher.ok) return teacher;
  const result: { -readonly [K in keyof PipelineResult]: PipelineResult[K] } = { config: run.config, split: c, students: {} };
  if (input.until === 'teacher') return ok({ ...result, teacher: { ...teacher.value, pseudo: [] } });
  const pseudo = await pseudoStage(run, checkpointModel(teacher.value.stage.best), io(0.28, 0.36));
  if (!pseudo.ok) return pseudo;
  result.teacher = { ...teacher.value, pseudo: pseudo.value };
  if (input.until === 'pseudo') return ok(result);
  const variants = run.config.students;
  for (let v = 0; v < variants.length; v++) {
    const variant = variants[v]!;
    const s = await studentStage(run, variant, pseudo.value, io(0.36 + (0.64 * v) / variants.length, 0.36 + (0.64 * (v + 1)) / variants.length));
    if (!s.ok) return s;
    result.students[variant] = s.value;
  }
  progress({ stage: 'pipeline', fraction: 1, message: 'done' });
  return ok(result);
}
