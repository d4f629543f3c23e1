import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { loadRoleModel } from '../../inference/models';
import { runConfigOverrides, stderrProgress } from '../../training/cli-support';
import { pseudoStage, runTeacherModel } from '../../training/pipeline';
import { openRun } from '../../training/run-context';
import type { CliCommand } from '../command';
import { parseCommandArgs, requireOption } from '../args';

export const pseudoLabelCommand: CliCommand = {
  usage: 'lungts pseudo-label --manifest dataset.json --out RUN_DIR [--teacher model.onnx] [--threads N] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      manifest: { type: 'string' }, out: { type: 'string' }, teacher: { type: 'string' }, threads: { type: 'string' },
    }, { min: 0, max: 0 });
    const overrides = runConfigOverrides({ threads: values.threads }, io.cwd);
    if (!overrides.ok) return overrides;
    const echo = (l: string) => io.stderr(`${l}\n`);
    const run = openRun({ manifest: resolve(io.cwd, requireOption(values.manifest, 'manifest')), out: resolve(io.cwd, requireOption(values.out, 'out')), config: overrides.value }, echo);
    if (!run.ok) return run;
    const teacher = values.teacher === undefined ? runTeacherModel(run.value) : loadRoleModel(resolve(io.cwd, values.teacher), 'teacher');
    if (!teacher.ok) return teacher;
    const r = await pseudoStage(run.value, teacher.value, { progress: stderrProgress(io.stderr), signal: io.signal, echo });
    if (!r.ok) return r;
    const scored = r.value.filter((p) => p.dice !== null);
    const meanDice = scored.length ? scored.reduce((a, p) => a + p.dice!, 0) / scored.length : null;
    const json = { out: resolve(run.value.out, 'pseudo'), cases: r.value, mean_confidence: r.value.reduce((a, p) => a + p.confidence, 0) / Math.max(1, r.value.length), mean_dice_vs_held_out: meanDice };
    const text = `${r.value.length} weak case(s) pseudo-labelled in ${json.out}; mean confidence ${json.mean_confidence.toFixed(3)}${meanDice === null ? '' : `, mean Dice against the held-out masks ${meanDice.toFixed(3)}`}`;
    return ok({ json, text });
  },
};
