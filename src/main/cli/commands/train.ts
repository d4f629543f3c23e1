import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { runConfigOverrides } from '../../training/cli-support';
import { checkpointModel } from '../../training/export-model';
import { pseudoStage, runTeacherModel, studentStage, teacherStage, type Io } from '../../training/pipeline';
import { readBest, stageFiles } from '../../training/run-files';
import { loadModelFile } from '../../engine/model-file';
import { openRun } from '../../training/run-context';
import { stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { choiceOption, parseCommandArgs, requireOption } from '../args';

export const trainCommand: CliCommand = {
  usage: 'lungts train teacher|student --manifest dataset.json --out RUN_DIR [--variant so|do|baseline] [--config overrides.json] [--init CHECKPOINT|MODEL.onnx] [--epochs N] [--seed N] [--threads N] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      manifest: { type: 'string' }, out: { type: 'string' }, variant: { type: 'string' }, config: { type: 'string' },
      init: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, threads: { type: 'string' },
    }, { min: 1, max: 1 });
    const role = positionals[0];
    if (role !== 'teacher' && role !== 'student') throw new UsageError(`train what? "teacher" or "student", got "${role}"`);
    if (role === 'teacher' && values.variant !== undefined) throw new UsageError('--variant is for students');
    const variant = choiceOption(values.variant, 'variant', ['so', 'do', 'baseline'] as const, 'so');
    const overrides = runConfigOverrides(values, io.cwd);
    if (!overrides.ok) return overrides;
    const echo = (l: string) => io.stderr(`${l}\n`);
    const run = openRun({ manifest: resolve(io.cwd, requireOption(values.manifest, 'manifest')), out: resolve(io.cwd, requireOption(values.out, 'out')), config: overrides.value }, echo);
    if (!run.ok) return run;
    // Fine-tuning: a fresh run starts from another run's checkpoint (same network); a resume ignores it.
    let init: { initial: Float32Array; initialFrom: string } | undefined;
    if (values.init !== undefined) {
      // A run's checkpoint or an exported model (e.g. a shipped one): both carry the weights and their card.
      const m = loadModelFile(resolve(io.cwd, values.init));
      if (!m.ok) return m;
      const p = m.value.card.provenance;
      init = { initial: m.value.params, initialFrom: `${values.init} (${p.data}; ${p.optimizerUpdates ?? '?'} updates)` };
    }
    const cio: Io = { progress: stderrProgress(io.stderr), signal: io.signal, echo, ...init };
    let r;
    if (role === 'teacher') r = await teacherStage(run.value, cio);
    else {
      let pseudo: Awaited<ReturnType<typeof pseudoStage>> = { ok: true, value: [] };
      if (variant !== 'baseline') {
        const teacher = runTeacherModel(run.value);
        if (!teacher.ok) return teacher;
        pseudo = await pseudoStage(run.value, teacher.value, { ...cio, progress: () => undefined });
        if (!pseudo.ok) return pseudo;
      }
      r = await studentStage(run.value, variant, pseudo.value, cio);
    }
    if (!r.ok) return r;
    const name = role === 'teacher' ? 'teacher' : `student-${variant}`;
    const best = readBest(stageFiles(run.value.out, name));
    if (!best.ok) return best;
    const s = r.value.test.summary;
    const h = r.value.stage.state;
    const json = {
      model: resolve(run.value.models, `${name}.onnx`), card: resolve(run.value.models, `${name}.card.json`), epochs: h.history.length, best_epoch: h.bestEpoch,
      patches: h.patches, stop_reason: h.stopReason, params: checkpointModel(best.value).params.length, test: s,
    };
    const text = [
      `${name}: ${json.epochs} epoch(s), best at ${json.best_epoch} (${json.stop_reason ?? 'done'}), model ${json.model}`,
      `held-out test (${s.cases} case(s)): Dice ${s.dice.toFixed(4)}, precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)}`,
    ].join('\n');
    return ok({ json, text });
  },
};
