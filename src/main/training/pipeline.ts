import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CancelSignal, type ProgressSink, subProgress } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { DEFAULT_CONFIG, mergeConfig, parseRunConfig, type RunConfig } from './config';
import { readManifest, splitDataset, type DatasetCase, type DatasetSplit } from './dataset';
import { evaluateModel, type EvaluationReport, type LabelledCase } from './evaluate-stage';
import { cardMetrics, checkpointModel, exportWithCard } from './export-model';
import { prepareStudentCases, prepareTeacherCases } from './prepare-stage';
import { pseudoLabel, type PseudoRecord } from './pseudo-stage';
import { trainStudent, trainTeacher, type StageContext, type StageOutcome, type StudentVariant } from './train-stage';

/**
 * Algorithm 1 end to end in a run directory: teacher on the strong cases, pseudo-labels for
 * the weak ones, the students (baseline on strong only, SO and DO on strong + pseudo-labelled
 * weak), each scored on the held-out test cases and exported with its model card. Every stage
 * resumes from what the directory already holds, so re-running after a kill continues.
 */
export interface PipelineInput {
  readonly manifest: string;
  readonly out: string;
  /** Overrides merged into the defaults when the run starts (ignored when resuming). */
  readonly config?: unknown;
  /** Phantom data: model cards say the models are for demos and tests only. */
  readonly syntheticOnly: boolean;
  /** Stop after this stage (e.g. to look at the teacher first). */
  readonly until?: 'teacher' | 'pseudo' | 'students';
}

export interface PipelineResult {
  readonly config: RunConfig;
  readonly split: { readonly strongTrain: number; readonly strongVal: number; readonly weak: number; readonly test: number };
  readonly teacher?: { readonly stage: StageOutcome; readonly test?: EvaluationReport; readonly pseudo: readonly PseudoRecord[] };
  readonly students: Partial<Record<StudentVariant, { readonly stage: StageOutcome; readonly test: EvaluationReport }>>;
}

export function loadOrStartConfig(out: string, overrides: unknown, echo: (l: string) => void): Result<RunConfig> {
  const path = join(out, 'plan.json');
  if (existsSync(path)) {
    const r = parseRunConfig(JSON.parse(readFileSync(path, 'utf8')), path);
    if (r.ok && overrides !== undefined) echo(`resuming with the configuration in ${path} (new options are ignored)`);
    return r;
  }
  const r = parseRunConfig(mergeConfig(DEFAULT_CONFIG, overrides), 'configuration');
  if (!r.ok) return r;
  mkdirSync(out, { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(r.value, null, 2)}\n`);
  return r;
}

const labelled = (c: DatasetCase): LabelledCase => ({ id: c.id, ct: c.ct, mask: c.mask!, ...(c.boxes ? { boxes: c.boxes } : {}) });

export async function runPipeline(input: PipelineInput, progress: ProgressSink, signal: CancelSignal, echo: (line: string) => void): Promise<Result<PipelineResult>> {
  const cfg = loadOrStartConfig(input.out, input.config, echo);
  if (!cfg.ok) return cfg;
  const config = cfg.value;
  const ds = readManifest(input.manifest);
  if (!ds.ok) return ds;
  const sp = splitDataset(ds.value, config.seed, config.split);
  if (!sp.ok) return sp;
  const split: DatasetSplit = sp.value;
  const counts = { strongTrain: split.strongTrain.length, strongVal: split.strongVal.length, weak: split.weak.length, test: split.test.length };
  writeFileAtomic(join(input.out, 'split.json'), JSON.stringify({ ...counts, cases: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, (v as DatasetCase[]).map((c) => c.id)])) }, null, 1));
  echo(`dataset ${ds.value.name}: ${counts.strongTrain} strong training, ${counts.strongVal} validation, ${counts.weak} weak, ${counts.test} test case(s)`);
  if (counts.strongVal === 0) return fail('no validation cases: the dataset needs more strong patients');
  const cache = join(input.out, 'cache');
  const models = join(input.out, 'models');
  mkdirSync(cache, { recursive: true });
  const ctx = (from: number, to: number, data: string): StageContext => ({
    runDir: input.out, config, dataDescription: data, syntheticOnly: input.syntheticOnly, echo, progress: subProgress(progress, from, to), signal,
  });
  const strongFiles = (cs: readonly DatasetCase[]) => cs.map((c) => ({ id: c.id, ct: c.ct, label: c.mask!, ...(c.boxes ? { boxes: c.boxes } : {}) }));
  const threads = config.threads;

  // 1. Teacher on the strong cases.
  const t = config.teacher;
  const tTrain = await prepareTeacherCases(strongFiles(split.strongTrain), cache, t.patch[0], t.jitter, subProgress(progress, 0, 0.04), signal);
  if (!tTrain.ok) return tTrain;
  const tVal = await prepareTeacherCases(strongFiles(split.strongVal), cache, t.patch[0], t.jitter, subProgress(progress, 0.04, 0.05), signal);
  if (!tVal.ok) return tVal;
  const teacher = await trainTeacher(ctx(0.05, 0.25, `${ds.value.name}: ${counts.strongTrain} strong cases (${counts.strongVal} more for validation)`), tTrain.value, tVal.value);
  if (!teacher.ok) return teacher;
  const teacherModel = checkpointModel(teacher.value.best);
  const tTest = await evaluateModel('teacher', teacherModel, split.test.map(labelled), join(input.out, 'eval', 'teacher'), { ...(threads ? { threads } : {}) }, subProgress(progress, 0.25, 0.28), signal, echo);
  if (!tTest.ok) return tTest;
  const tExport = exportWithCard(models, 'teacher', teacher.value.best, cardMetrics('test', tTest.value.summary), [`held-out test: ${counts.test} case(s) never seen in training`]);
  if (!tExport.ok) return tExport;
  const result: { -readonly [K in keyof PipelineResult]: PipelineResult[K] } = { config, split: counts, students: {} };
  if (input.until === 'teacher') return ok({ ...result, teacher: { stage: teacher.value, test: tTest.value, pseudo: [] } });

  // 2. Pseudo-labels for the weak cases.
  const pseudo = await pseudoLabel(split.weak.map((c) => ({ id: c.id, ct: c.ct, boxes: c.boxes!, ...(c.mask ? { mask: c.mask } : {}) })), teacherModel, join(input.out, 'pseudo'), threads, subProgress(progress, 0.28, 0.36), signal, echo);
  if (!pseudo.ok) return pseudo;
  writeFileAtomic(join(input.out, 'pseudo', 'summary.json'), JSON.stringify(pseudo.value, null, 1));
  result.teacher = { stage: teacher.value, test: tTest.value, pseudo: pseudo.value };
  if (input.until === 'pseudo') return ok(result);

  // 3. Students.
  const sTrain = await prepareStudentCases(strongFiles(split.strongTrain), cache, 'truth', subProgress(progress, 0.36, 0.39), signal);
  if (!sTrain.ok) return sTrain;
  const sVal = await prepareStudentCases(strongFiles(split.strongVal), cache, 'truth', subProgress(progress, 0.39, 0.4), signal);
  if (!sVal.ok) return sVal;
  const kept = pseudo.value.filter((p) => p.confidence >= config.minConfidence && p.voxels > 0);
  const weakById = new Map(split.weak.map((c) => [c.id, c]));
  const sWeak = await prepareStudentCases(kept.map((p) => ({ id: p.id, ct: weakById.get(p.id)!.ct, label: p.path, boxes: weakById.get(p.id)!.boxes! })), cache, 'pseudo', subProgress(progress, 0.4, 0.46), signal);
  if (!sWeak.ok) return sWeak;
  if (kept.length < pseudo.value.length) echo(`${pseudo.value.length - kept.length} weak case(s) left out: empty pseudo-label or confidence below ${config.minConfidence}`);
  const variants = config.students;
  for (let v = 0; v < variants.length; v++) {
    const variant = variants[v]!;
    const from = 0.46 + (0.5 * v) / variants.length;
    const to = 0.46 + (0.5 * (v + 1)) / variants.length;
    const train = variant === 'baseline' ? sTrain.value : [...sTrain.value, ...sWeak.value];
    const data = variant === 'baseline' ? `${ds.value.name}: ${counts.strongTrain} strong cases` : `${ds.value.name}: ${counts.strongTrain} strong + ${kept.length} teacher-labelled weak cases`;
    const stage = await trainStudent(ctx(from, from + (to - from) * 0.85, data), variant, train, sVal.value, { strong: counts.strongTrain, weak: variant === 'baseline' ? 0 : kept.length });
    if (!stage.ok) return stage;
    const model = checkpointModel(stage.value.best);
    const test = await evaluateModel('student', model, split.test.map(labelled), join(input.out, 'eval', `student-${variant}`), { ...(threads ? { threads } : {}), savePredictions: true }, subProgress(progress, from + (to - from) * 0.85, to), signal, echo);
    if (!test.ok) return test;
    const exported = exportWithCard(models, `student-${variant}`, stage.value.best, cardMetrics('test', test.value.summary), [`held-out test: ${counts.test} case(s) never seen in training`]);
    if (!exported.ok) return exported;
    result.students[variant] = { stage: stage.value, test: test.value };
  }
  progress({ stage: 'pipeline', fraction: 1, message: 'done' });
  return ok(result);
}
