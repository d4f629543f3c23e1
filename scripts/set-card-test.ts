// Writes held-out figures into a model's card (the .onnx and the .card.json beside it, same
// weights): the summary of `lungts evaluate-set --json` run with that model, so the card's test_*
// figures are those of the post-processing the card itself chooses, not of `lungts train`'s
// threshold-only scoring at the end of a run.
//
//   node --import tsx scripts/set-card-test.ts MODEL.onnx EVAL.json [--note TEXT]...
//
// The note `lungts train` wrote about its own held-out cases ("held-out test: ...") is replaced by
// one naming the scored cases; each --note is appended.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cardMetrics, rewriteModelCard } from '../src/main/training/export-model';
import type { SummaryMetrics } from '../src/shared/metrics';
import { unwrap } from '../src/shared/result';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { note: { type: 'string', multiple: true } } });
const [path, evalPath] = positionals;
if (!path?.endsWith('.onnx') || evalPath === undefined) {
  process.stderr.write('usage: set-card-test.ts MODEL.onnx EVAL.json [--note TEXT]...\n');
  process.exit(2);
}
interface EvalJson { model: string; cases: string; summary: SummaryMetrics; per_case: { id: string }[] }
const ev = JSON.parse(readFileSync(evalPath, 'utf8')) as EvalJson;
// evaluate-set records the model it scored; figures of another model must not land in this card.
if (resolve(ev.model) !== resolve(path)) throw new Error(`${evalPath} scored ${ev.model}, not ${path}`);
const ids = ev.per_case.map((c) => c.id);
const held = `held-out test: ${ids.length} case(s) never seen in training (${ids.join(', ')}), scored by lungts evaluate-set with the post-processing below`;
const card = unwrap(rewriteModelCard(path, (c) => ({
  ...c,
  // All earlier test_ figures go: one left over (dice_tp when no tumour was found) would mix two scorings.
  metrics: { ...Object.fromEntries(Object.entries(c.metrics).filter(([k]) => !k.startsWith('test_'))), ...cardMetrics('test', ev.summary) },
  provenance: { ...c.provenance, notes: [...c.provenance.notes.filter((n) => !n.startsWith('held-out test:')), held, ...(values.note ?? [])] },
})));
console.log(JSON.stringify({ model: path, metrics: card.metrics, paramsSha256: card.paramsSha256 }));
