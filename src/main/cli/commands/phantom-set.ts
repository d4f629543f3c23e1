import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { writeDataset } from '../../phantom/dataset';
import type { PhantomFormat } from '../../phantom/write-case';
import type { CliCommand } from '../command';
import { choiceOption, intOption, numberOption, parseCommandArgs, requireOption } from '../args';
import { stderrProgress } from './phantom';

export const phantomSetCommand: CliCommand = {
  usage: 'lungts phantom-set --strong N --weak M --test T --seed S --out DIR [--size small|full] [--format nifti|both] [--slice-spacing MM] [--threads N] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      strong: { type: 'string' }, weak: { type: 'string' }, test: { type: 'string' }, seed: { type: 'string' },
      out: { type: 'string' }, size: { type: 'string' }, format: { type: 'string' }, threads: { type: 'string' }, 'slice-spacing': { type: 'string' },
    }, { min: 0, max: 0 });
    const strong = intOption(requireOption(values.strong, 'strong'), 'strong', 0, 0, 10000);
    const weak = intOption(requireOption(values.weak, 'weak'), 'weak', 0, 0, 10000);
    const test = intOption(requireOption(values.test, 'test'), 'test', 0, 0, 10000);
    const seed = intOption(requireOption(values.seed, 'seed'), 'seed', 0, 0, Number.MAX_SAFE_INTEGER);
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const size = choiceOption(values.size, 'size', ['small', 'full'] as const, 'small');
    const format = choiceOption<PhantomFormat>(values.format, 'format', ['nifti', 'both'], 'nifti');
    const threads = values.threads === undefined ? undefined : intOption(values.threads, 'threads', 1, 1, 64);
    const sliceSpacing = values['slice-spacing'] === undefined ? undefined : numberOption(values['slice-spacing'], 'slice-spacing', 1, 0.5, 10);
    const started = Date.now();
    const made = await writeDataset(out, { strong, weak, test, seed, size, format, ...(threads ? { threads } : {}), ...(sliceSpacing ? { sliceSpacing } : {}) }, stderrProgress(io), io.signal);
    if (!made.ok) return made;
    const m = made.value;
    const count = (role: string) => m.cases.filter((c) => c.role === role).length;
    const patients = new Set(m.cases.map((c) => c.patientId)).size;
    const json = { out, manifest: resolve(out, 'manifest.json'), seed, size, cases: m.cases.length, patients, strong: count('strong'), weak: count('weak'), test: count('test'), seconds: (Date.now() - started) / 1000 };
    const text = `dataset written to ${out}: ${m.cases.length} cases from ${patients} patients (${json.strong} strong, ${json.weak} weak, ${json.test} test); manifest.json lists them`;
    return ok({ json, text });
  },
};
