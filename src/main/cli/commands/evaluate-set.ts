import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { loadRoleModel } from '../../inference/models';
import { readManifest } from '../../training/dataset';
import { evaluateModel } from '../../training/evaluate-stage';
import { stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { choiceOption, intOption, parseCommandArgs, requireOption } from '../args';
import { FILTER_OPTIONS, filterFlags } from '../inference-args';

export const evaluateSetCommand: CliCommand = {
  usage: 'lungts evaluate-set --manifest dataset.json --out DIR [--model F] [--role student|teacher] [--cases test|weak|strong] [--lung-filter|--no-lung-filter] [--mirror] [--min-volume ML] [--min-peak P] [--save-masks] [--threads N] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      manifest: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' }, role: { type: 'string' }, cases: { type: 'string' },
      mirror: { type: 'boolean' }, ...FILTER_OPTIONS, 'save-masks': { type: 'boolean' }, threads: { type: 'string' },
    }, { min: 0, max: 0 });
    const manifest = resolve(io.cwd, requireOption(values.manifest, 'manifest'));
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const role = choiceOption(values.role, 'role', ['student', 'teacher'] as const, 'student');
    const which = choiceOption(values.cases, 'cases', ['test', 'weak', 'strong'] as const, 'test');
    const filter = filterFlags(values);
    const threads = values.threads === undefined ? undefined : intOption(values.threads, 'threads', 1, 1, 256);
    const ds = readManifest(manifest);
    if (!ds.ok) return ds;
    const cases = ds.value.cases.filter((c) => c.role === which && c.mask !== undefined);
    if (cases.length === 0) throw new UsageError(`${manifest} has no ${which} case with a mask to score against`);
    const model = loadRoleModel(values.model === undefined ? undefined : resolve(io.cwd, values.model), role);
    if (!model.ok) return model;
    const r = await evaluateModel(role, model.value, cases.map((c) => ({ id: c.id, ct: c.ct, mask: c.mask!, ...(c.boxes ? { boxes: c.boxes } : {}) })), out,
      { ...(threads ? { threads } : {}), mirror: values.mirror === true, ...filter, savePredictions: values['save-masks'] === true },
      stderrProgress(io.stderr), io.signal, (l) => io.stderr(`${l}\n`));
    if (!r.ok) return r;
    const s = r.value.summary;
    const json = { model: model.value.path, role, cases: which, out, summary: s, per_case: r.value.cases };
    const text = [
      `${model.value.spec.name} on ${s.cases} ${which} case(s) of ${manifest}:`,
      `  Dice ${s.dice.toFixed(4)} (median ${s.dice_median.toFixed(4)}), precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)}, DSC-TP ${s.dice_tp === null ? 'n/a' : s.dice_tp.toFixed(4)}`,
      `  ${s.tp_gt} tumour(s) found, ${s.fn} missed, ${s.fp} false positive(s); per case in ${out}`,
    ].join('\n');
    return ok({ json, text });
  },
};
