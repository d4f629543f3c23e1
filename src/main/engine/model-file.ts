import { readFileSync } from 'node:fs';
import { paramLayout, parseModelCard, type ModelCard, type UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { checkCardAgainst } from './card';
import { decodeCheckpoint } from './checkpoint';
import { buildInferenceGraph } from './graph/inference-graph';
import { DEFAULT_CONV_IMPL } from './graph/tensor';
import { encodeModel } from './onnx/model';
import { readOnnx } from './onnx/read';

/**
 * Model files: the inference-only .onnx export (portable: symbolic D/H/W, standard operators,
 * weights named as our parameter layout, the model card as JSON in metadata_props under
 * `lungts.model_card`) and loading either that or a training checkpoint back.
 */
export const MODEL_CARD_KEY = 'lungts.model_card';

export interface LoadedModel {
  readonly spec: UNetSpec;
  readonly params: Float32Array;
  readonly card: ModelCard;
  readonly kind: 'onnx' | 'checkpoint';
}

export function encodeModelFile(card: ModelCard, params: Float32Array): Uint8Array {
  const spec = card.spec as UNetSpec;
  const model = buildInferenceGraph(spec, {
    weights: { kind: 'embedded', flat: params },
    shape: 'dynamic',
    impl: DEFAULT_CONV_IMPL,
    metadata: { [MODEL_CARD_KEY]: JSON.stringify(card) },
  });
  return encodeModel({ ...model, docString: `LungTS ${spec.name}: sigmoid outputs ${spec.heads.map((h) => `prob_${h.name}`).join(', ')}` });
}

export function exportModel(path: string, card: ModelCard, params: Float32Array): Result<{ bytes: number }> {
  const checked = checkCardAgainst(card, params, undefined, 'model to export');
  if (!checked.ok) return checked;
  try {
    const bytes = encodeModelFile(card, params);
    writeFileAtomic(path, bytes);
    return ok({ bytes: bytes.length });
  } catch (e) {
    return fail(`could not write model ${path}: ${(e as Error).message}`);
  }
}

/** Decodes a model file's bytes (checkpoint or our .onnx); `expect` refuses other networks. */
export function decodeModelFile(bytes: Uint8Array, what: string, expect?: UNetSpec): Result<LoadedModel> {
  if (new TextDecoder().decode(bytes.subarray(0, 7)) === 'LTSCKPT') {
    const ck = decodeCheckpoint(bytes, what, expect);
    if (!ck.ok) return ck;
    return ok({ spec: ck.value.card.spec as UNetSpec, params: ck.value.params, card: ck.value.card, kind: 'checkpoint' });
  }
  const onnx = readOnnx(bytes);
  if ('error' in onnx) return fail(`${what}: ${onnx.error}`);
  const rawCard = onnx.metadata[MODEL_CARD_KEY];
  if (rawCard === undefined) {
    return fail(`${what}: an ONNX model without a LungTS model card; only models exported or imported by LungTS can be used (PyTorch weights: lungts import-weights)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(rawCard);
  } catch {
    return fail(`${what}: its model card is not valid JSON`);
  }
  const card = parseModelCard(json);
  if (!card.ok) return fail(`${what}: ${card.error}`);
  const spec = card.value.spec as UNetSpec;
  const layout = paramLayout(spec);
  const params = new Float32Array(layout.total);
  for (const e of layout.entries) {
    const t = onnx.initializers.get(e.name);
    if (!t) return fail(`${what}: weight ${e.name} is missing`);
    if (t.dims.join('x') !== e.shape.join('x')) return fail(`${what}: weight ${e.name} has shape ${t.dims.join('x')}, its spec needs ${e.shape.join('x')}`);
    params.set(t.data, e.offset);
  }
  const checked = checkCardAgainst(card.value, params, expect, what);
  if (!checked.ok) return checked;
  return ok({ spec, params, card: card.value, kind: 'onnx' });
}

export function loadModelFile(path: string, expect?: UNetSpec): Result<LoadedModel> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return fail(`cannot read model ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeModelFile(bytes, path, expect);
}
