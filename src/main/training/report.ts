import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryMetrics } from '../../shared/metrics';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { encodePng } from '../render/png';
import type { PipelineResult } from './pipeline';
import { lineChart, type Series } from './plot';
import type { EpochRecord } from './run-state';

/**
 * The run's report: report.md with the dataset sizes, the teacher's and each student's
 * training and held-out figures, the baseline / SO / DO comparison table, and PNG plots of the
 * loss and validation Dice curves (plots/*.png).
 */
const COLORS: Record<string, readonly [number, number, number]> = {
  teacher: [120, 60, 160], baseline: [200, 60, 40], so: [30, 110, 200], do: [40, 150, 70],
};

export interface ComparisonRow {
  readonly model: string;
  readonly dice: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly dice_tp: number | null;
  readonly epochs: number;
  readonly best_epoch: number;
  readonly patches: number;
  readonly hours: number;
}

const f3 = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));

function row(model: string, s: SummaryMetrics, h: readonly EpochRecord[], bestEpoch: number, patches: number): ComparisonRow {
  return {
    model, dice: s.dice, precision: s.precision, recall: s.recall, f1: s.f1, dice_tp: s.dice_tp,
    epochs: h.length, best_epoch: bestEpoch, patches, hours: Math.round(((h.at(-1)?.seconds ?? 0) / 3600) * 100) / 100,
  };
}

export async function writeReport(out: string, r: PipelineResult): Promise<Result<{ path: string; table: string; comparison: ComparisonRow[] }>> {
  const plots = join(out, 'plots');
  mkdirSync(plots, { recursive: true });
  const curves: [string, readonly EpochRecord[]][] = [];
  if (r.teacher) curves.push(['teacher', r.teacher.stage.state.history]);
  for (const [v, s] of Object.entries(r.students)) curves.push([v, s.stage.state.history]);
  const lossSeries: Series[] = [];
  const diceSeries: Series[] = [];
  for (const [name, h] of curves) {
    const c = COLORS[name] ?? [0, 0, 0];
    const light: [number, number, number] = [Math.min(255, c[0] + 90), Math.min(255, c[1] + 90), Math.min(255, c[2] + 90)];
    lossSeries.push({ color: light, points: h.map((e) => [e.epoch, e.trainLoss]) }, { color: c, points: h.map((e) => [e.epoch, e.valLoss]) });
    diceSeries.push({ color: c, points: h.map((e) => [e.epoch, e.valDice]) });
  }
  try {
    writeFileAtomic(join(plots, 'loss.png'), encodePng(lineChart(lossSeries, { yMin: 0, yMax: 1 })));
    writeFileAtomic(join(plots, 'val-dice.png'), encodePng(lineChart(diceSeries, { yMin: 0, yMax: 1 })));
  } catch (e) {
    return fail(`cannot write the plots in ${plots}: ${(e as Error).message}`);
  }
  const comparison: ComparisonRow[] = [];
  if (r.teacher?.test) comparison.push(row('teacher (boxes given)', r.teacher.test.summary, r.teacher.stage.state.history, r.teacher.stage.state.bestEpoch, r.teacher.stage.state.patches));
  for (const [v, s] of Object.entries(r.students)) comparison.push(row(`student ${v}`, s.test.summary, s.stage.state.history, s.stage.state.bestEpoch, s.stage.state.patches));
  const table = [
    '| model | test Dice | precision | recall | F1 | DSC-TP | epochs (best) | patches | hours |',
    '|---|---|---|---|---|---|---|---|---|',
    ...comparison.map((c) => `| ${c.model} | ${f3(c.dice)} | ${f3(c.precision)} | ${f3(c.recall)} | ${f3(c.f1)} | ${f3(c.dice_tp)} | ${c.epochs} (${c.best_epoch}) | ${c.patches} | ${c.hours} |`),
  ].join('\n');
  const s = r.split;
  const pseudo = r.teacher?.pseudo ?? [];
  const scored = pseudo.filter((p) => p.dice !== null);
  const lines = [
    '# LungTS training run',
    '',
    `Dataset: ${s.strongTrain} strong training, ${s.strongVal} strong validation, ${s.weak} weak (boxes only), ${s.test} held-out test case(s).`,
    `Seed ${r.config.seed}; teacher ${r.config.teacher.preset} on ${r.config.teacher.patch.join('x')} crops, students ${r.config.student.preset} / ${r.config.student.doPreset} on ${r.config.student.patch.join('x')} patches;`,
    `Adam lr ${r.config.teacher.lr} / ${r.config.student.lr}, ${r.config.student.accumulate} patches accumulated per update, soft Dice loss, best checkpoint by validation loss, patience ${r.config.student.patience} epochs.`,
    '',
    '## Held-out test cases',
    '',
    table,
    '',
    'Dice: mean over cases. Precision, recall and F1 pool the tumours of all cases; a tumour is found when one predicted',
    'component covers at least 25% of it, a predicted component with no such tumour is a false positive. DSC-TP: Dice',
    'over the matched tumours only, averaged over the cases with at least one match. The teacher is given each case\'s boxes.',
    '',
  ];
  if (pseudo.length) {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    lines.push('## Pseudo-labels', '',
      `${pseudo.length} weak case(s) labelled by the teacher; mean confidence (box agreement) ${f3(mean(pseudo.map((p) => p.confidence)))}` +
      (scored.length ? `; mean Dice against the masks kept aside ${f3(mean(scored.map((p) => p.dice!)))} over ${scored.length} case(s).` : '.'), '');
  }
  lines.push('## Curves', '',
    'Loss per epoch (light: training, dark: validation) and validation Dice per epoch; colours: teacher purple, baseline red, SO blue, DO green.', '',
    '![loss](plots/loss.png)', '', '![validation Dice](plots/val-dice.png)', '');
  for (const [name, h] of curves) {
    lines.push(`### ${name}`, '', '| epoch | train loss | val loss | val Dice | updates | seconds |', '|---|---|---|---|---|---|',
      ...h.map((e) => `| ${e.epoch} | ${f3(e.trainLoss)} | ${f3(e.valLoss)} | ${f3(e.valDice)} | ${e.updates} | ${e.seconds} |`), '');
  }
  const path = join(out, 'report.md');
  writeFileAtomic(path, `${lines.join('\n')}\n`);
  writeFileAtomic(join(out, 'comparison.json'), JSON.stringify(comparison, null, 1));
  return ok({ path, table, comparison });
}
