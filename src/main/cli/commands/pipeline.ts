import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { mergeConfig } from '../../training/config';
import { readManifest } from '../../training/dataset';
import { runPipeline } from '../../training/pipeline';
import { writeReport } from '../../training/report';
import { readJsonFile, stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { choiceOption, intOption, parseCommandArgs, requireOption } from '../args';

export const pipelineCommand: CliCommand = {
  name: 'pipeline',
  summary: 'Algorithm 1 end to end: teacher, pseudo-labels, baseline/SO/DO students, test scores, report (resumable)',
  usage: 'lungts pipeline --manifest dataset.json --out RUN_DIR [--config overrides.json] [--epochs N] [--seed N] [--students baseline,so,do] [--threads N] [--until teacher|pseudo|students] [--synthetic] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      manifest: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' },
      students: { type: 'string' }, threads: { type: 'string' }, until: { type: 'string' }, synthetic: { type: 'boolean' },
    }, { min: 0, max: 0 });
    const manifest = resolve(io.cwd, requireOption(values.manifest, 'manifest'));
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    let overrides: unknown = undefined;
    if (values.config) {
      const c = readJsonFile(resolve(io.cwd, values.config));
      if (!c.ok) return c;
      overrides = c.value;
    }
    const patch: Record<string, unknown> = {};
    if (values.epochs !== undefined) {
      const n = intOption(values.epochs, 'epochs', 1, 1, 100_000);
      patch.teacher = { maxEpochs: n };
      patch.student = { maxEpochs: n };
    }
    if (values.seed !== undefined) patch.seed = intOption(values.seed, 'seed', 1);
    if (values.threads !== undefined) patch.threads = intOption(values.threads, 'threads', 1, 1, 256);
    if (values.students !== undefined) {
      const list = values.students.split(',').map((s) => s.trim());
      for (const s of list) if (!['baseline', 'so', 'do'].includes(s)) throw new UsageError(`--students takes baseline, so and do, got "${s}"`);
      patch.students = list;
    }
    if (Object.keys(patch).length > 0) overrides = mergeConfig(overrides ?? {}, patch);
    const until = values.until === undefined ? undefined : choiceOption(values.until, 'until', ['teacher', 'pseudo', 'students'] as const, 'students');
    const ds = readManifest(manifest);
    if (!ds.ok) return ds;
    const echo = (line: string) => io.stderr(`${line}\n`);
    const r = await runPipeline({ manifest, out, config: overrides, syntheticOnly: values.synthetic === true || ds.value.synthetic, ...(until ? { until } : {}) }, stderrProgress(io.stderr), io.signal, echo);
    if (!r.ok) return r;
    const report = await writeReport(out, r.value);
    if (!report.ok) return report;
    const json = { out, report: report.value.path, split: r.value.split, comparison: report.value.comparison };
    return ok({ json, text: `${report.value.table}\n\nrun directory: ${out}\nreport: ${report.value.path}` });
  },
};
