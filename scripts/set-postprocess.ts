// Writes a post-processing choice into a model's card (the .onnx and the .card.json beside it),
// with the same weights (the card's paramsSha256 is checked on export):
//
//   node --import tsx scripts/set-postprocess.ts MODEL.onnx --threshold T --min-volume ML --min-peak P [--lung-filter] --basis TEXT
//
// The choice should come from validation data (scripts/postprocess-sweep.ts), never the test set.
import { parseArgs } from 'node:util';
import { rewriteModelCard } from '../src/main/training/export-model';
import { unwrap } from '../src/shared/result';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { threshold: { type: 'string' }, 'min-volume': { type: 'string' }, 'min-peak': { type: 'string' }, 'lung-filter': { type: 'boolean' }, basis: { type: 'string' } },
});
const [path] = positionals;
if (!path || !path.endsWith('.onnx') || values.basis === undefined) {
  process.stderr.write('usage: set-postprocess.ts MODEL.onnx --threshold T --min-volume ML --min-peak P [--lung-filter] --basis TEXT\n');
  process.exit(2);
}
const card = unwrap(rewriteModelCard(path, (c) => ({
  ...c,
  postprocess: {
    threshold: Number(values.threshold ?? 0.5), minVolumeMl: Number(values['min-volume'] ?? 0), minPeak: Number(values['min-peak'] ?? 0),
    lungFilter: values['lung-filter'] === true, basis: values.basis,
  },
})));
console.log(JSON.stringify({ model: path, postprocess: card.postprocess, paramsSha256: card.paramsSha256 }));
