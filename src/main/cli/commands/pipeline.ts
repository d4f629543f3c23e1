import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { runPipeline } from '../../training/pipeline';
import { writeReport } from '../../training/report';
import { runConfigOverrides, stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { choiceOption, parseCommandArgs, requireOption } from '../args';

export const pipelineCommand: CliCommand = {
  usage: 'lungts pipeline --manifest dataset.json --out RUN_DIR [--config overrides.json] [--epochs N] [--seed N] [--students baseline,so,do] [--threads N] [--until teacher|pseudo|students] [--synthetic] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      manifest: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' },
      students: { type: 'string' }, threads: { type: 'string' }, until: { type: 'string' }, synthetic: { type: 'boolean' },
    }, { min: 0, max: 0 });
    const manifest = resolve(io.cwd, requireOption(values.manifest, 'manifest'));
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const overrides = runConfigOverrides(values, io.cwd);
    if (!overrides.ok) return overrides;
    const until = values.until === undefined ? undefined : choiceOption(values.until, 'until', ['teacher', 'pseudo', 'students'] as const, 'students');
    const echo = (line: string) => io.stderr(`${line}\n`);
    const r = await runPipeline({ manifest, out, config: overrides.value, syntheticOnly: values.synthetic === true, ...(until ? { until } : {}) }, stderrProgress(io.stderr), io.signal, echo);
    if (!r.ok) return r;
    const report = await writeReport(out, r.value);
    if (!report.ok) return report;
    const json = { out, report: report.value.path, split: r.value.split, comparison: report.value.comparison };
    return ok({ json, text: `${report.value.table}\n\nrun directory: ${out}\nreport: ${report.value.path}` });
  },
};
