import { basename, resolve } from 'node:path';
import { averageWeights } from '../../engine/average-weights';
import { writeCheckpoint } from '../../engine/checkpoint';
import { loadModelFile } from '../../engine/model-file';
import { writeModelPair } from '../../training/export-model';
import { ok } from '../../../shared/result';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, requireOption } from '../args';

/**
 * The mean of several models' weights (the epochs a run kept with `keepEpochWeights`, or any
 * checkpoints or exported models of one network), written as a model (.onnx with its
 * .card.json beside it, the pair the app registers) or as a checkpoint.
 */
export const averageWeightsCommand: CliCommand = {
  usage: 'lungts average-weights <model.ckpt|model.onnx> <model>... -o <out.onnx|out.ckpt> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { output: { type: 'string', short: 'o' } }, { min: 1, max: 10_000 });
    const output = resolve(io.cwd, requireOption(values.output, 'output'));
    if (!/\.(onnx|ckpt)$/.test(output)) throw new UsageError(`-o must name a .onnx model or a .ckpt checkpoint, got ${basename(output)}`);
    const inputs = [];
    for (const p of positionals) {
      const m = loadModelFile(resolve(io.cwd, p));
      if (!m.ok) return m;
      inputs.push({ card: m.value.card, params: m.value.params, name: basename(p) });
    }
    const avg = averageWeights(inputs);
    if (!avg.ok) return avg;
    const { card, params } = avg.value;
    const written = output.endsWith('.onnx') ? writeModelPair(output, card, params) : writeCheckpoint(output, { card, params });
    if (!written.ok) return written;
    const json = { ok: true, output, network: card.spec.name, models: inputs.length, inputs: inputs.map((w) => w.name), paramCount: params.length, paramsSha256: card.paramsSha256 };
    return ok({ json, text: `averaged the weights of ${inputs.length} "${card.spec.name}" models (${params.length.toLocaleString('en')} weights) into ${output}` });
  },
};
