import { join } from 'node:path';
import { parseModelCard, type ModelCard } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import type { Checkpoint } from '../engine/checkpoint';
import { exportModel, loadModelFile, type LoadedModel } from '../engine/model-file';
import { writeFileAtomic } from '../fs/atomic';
import type { SummaryMetrics } from '../../shared/metrics';

/** A checkpoint as a model the predictors take. */
export function checkpointModel(ck: Checkpoint): LoadedModel {
  return { spec: ck.card.spec as LoadedModel['spec'], params: ck.params, card: ck.card, kind: 'checkpoint' };
}

/** Held-out figures as card metrics (test_ prefix; dice_tp only when defined). */
export function cardMetrics(prefix: string, s: SummaryMetrics): Record<string, number> {
  const out: Record<string, number> = {
    [`${prefix}_cases`]: s.cases, [`${prefix}_dice`]: s.dice, [`${prefix}_dice_median`]: s.dice_median,
    [`${prefix}_precision`]: s.precision, [`${prefix}_recall`]: s.recall, [`${prefix}_f1`]: s.f1,
  };
  if (s.dice_tp !== null) out[`${prefix}_dice_tp`] = s.dice_tp;
  return out;
}

/**
 * Writes <dir>/<name>.onnx (inference-only, card embedded) and <dir>/<name>.card.json beside
 * it, the pair the app registers. Extra metrics and notes are added to the checkpoint's card;
 * `modelName` renames the model.
 */
export function exportWithCard(
  dir: string, name: string, ck: Checkpoint, metrics: Record<string, number>, notes: readonly string[] = [], modelName?: string,
): Result<{ onnx: string; card: string; bytes: number }> {
  const card: ModelCard = {
    ...ck.card,
    // The spec's name is the model's name in the app; it never changes the weights or their layout.
    spec: modelName ? { ...ck.card.spec, name: modelName } : ck.card.spec,
    metrics: { ...ck.card.metrics, ...metrics },
    provenance: { ...ck.card.provenance, notes: [...ck.card.provenance.notes, ...notes] },
  };
  return writeModelPair(join(dir, `${name}.onnx`), card, ck.params);
}

/** `path` (.onnx, card embedded) and the .card.json beside it, both written atomically. */
export function writeModelPair(path: string, card: ModelCard, params: Float32Array): Result<{ onnx: string; card: string; bytes: number }> {
  const cardPath = path.replace(/\.onnx$/, '') + '.card.json';
  const r = exportModel(path, card, params);
  if (!r.ok) return r;
  try {
    writeFileAtomic(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  } catch (e) {
    return fail(`cannot write ${cardPath}: ${(e as Error).message}`);
  }
  return ok({ onnx: path, card: cardPath, bytes: r.value.bytes });
}

/**
 * Rewrites the card of the model at `path` (.onnx and the .card.json beside it), weights untouched:
 * `edit` returns the new card, which must still parse and still match the weights (export checks
 * its paramsSha256).
 */
export function rewriteModelCard(path: string, edit: (card: ModelCard) => unknown): Result<ModelCard> {
  const model = loadModelFile(path);
  if (!model.ok) return model;
  const card = parseModelCard(edit(model.value.card));
  if (!card.ok) return card;
  const w = writeModelPair(path, card.value, model.value.params);
  return w.ok ? ok(card.value) : w;
}
