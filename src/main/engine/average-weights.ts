import { architectureKey, type ModelCard, type UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { makeModelCard } from './card';

/**
 * Weight averaging over the epochs of one run (stochastic weight averaging): the element-wise
 * mean of several parameter vectors of the same network. Our networks use instance norm, which
 * keeps no running statistics, so the mean needs no recalibration pass afterwards. The mean is
 * only meaningful for weights of one run (one basin); averaging unrelated models gives noise,
 * which nothing here can detect, so the card names every input.
 */
export interface WeightsIn {
  readonly card: ModelCard;
  readonly params: Float32Array;
  /** Shown in the averaged card's notes (a file name). */
  readonly name: string;
}

export function averageWeights(inputs: readonly WeightsIn[]): Result<{ card: ModelCard; params: Float32Array }> {
  const first = inputs[0];
  if (!first) return fail('nothing to average: give at least one model');
  const spec = first.card.spec as UNetSpec;
  const key = architectureKey(spec);
  // Float64 sums: thirty float32 additions would otherwise round away the small differences
  // between epochs that the mean is for.
  const sum = new Float64Array(first.params.length);
  for (const w of inputs) {
    if (architectureKey(w.card.spec as UNetSpec) !== key) return fail(`${w.name} is a different network (${w.card.spec.name}, ${w.card.spec.channels.join('-')}) from ${first.name} (${spec.name}, ${spec.channels.join('-')}): only weights of one network can be averaged`);
    for (let i = 0; i < sum.length; i++) sum[i]! += w.params[i]!;
  }
  const params = Float32Array.from(sum, (v) => v / inputs.length);
  const last = inputs[inputs.length - 1]!.card;
  const note = `weights averaged over ${inputs.length} models: ${inputs.map((w) => w.name).join(', ')}`;
  // Measured figures and a chosen post-processing belong to the inputs, not to their mean: the
  // card starts with neither (segment then applies the paper's threshold until one is chosen).
  const card = makeModelCard(spec, params, { ...last.provenance, notes: [...last.provenance.notes, note] }, { inputChannels: last.input.channels });
  return ok({ card, params });
}
