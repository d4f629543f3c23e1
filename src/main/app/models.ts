import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { ModelImportInputSchema, ModelInfo, ModelRole } from '../../shared/api';
import { parseModelCard } from '../../shared/network/model-card';
import { fail, ok, type Result } from '../../shared/result';
import { sha256 } from '../db/blobs';
import type { Db } from '../db/connection';
import { activateModel, upsertModel } from '../db/repos/models';
import { writeFileAtomic } from '../fs/atomic';

/** Where a model's card may sit beside its ONNX file. */
export function cardCandidates(file: string): string[] {
  const base = file.replace(/\.onnx$/i, '');
  return [`${base}.card.json`, `${file}.json`, `${base}.json`];
}

/** The card's role when the spec says it (2 input channels: CT + box mask = teacher). */
function inferRole(card: { spec: { inChannels: number } }): ModelRole {
  return card.spec.inChannels === 2 ? 'teacher' : 'student';
}

/**
 * Registers a model: the card is validated, the ONNX file is copied into the data folder
 * (named by content hash, so moving or deleting the original loses nothing), then the row is
 * written. Re-importing the same name and role updates it.
 */
export function importModel(db: Db, modelsDir: string, input: z.infer<typeof ModelImportInputSchema>, provenanceExtra: Record<string, unknown> = {}): Result<ModelInfo> {
  if (!existsSync(input.file)) return fail(`${input.file}: no such model file`);
  const cardPath = input.card ?? cardCandidates(input.file).find((p) => existsSync(p));
  if (!cardPath) return fail(`no model card found for ${input.file} (looked for ${cardCandidates(input.file).map((p) => basename(p)).join(', ')})`);
  let rawCard: unknown;
  try {
    rawCard = JSON.parse(readFileSync(cardPath, 'utf8'));
  } catch (e) {
    return fail(`${cardPath}: not readable JSON (${(e as Error).message})`);
  }
  const card = parseModelCard(rawCard);
  if (!card.ok) return fail(`${cardPath}: ${card.error}`);
  const bytes = readFileSync(input.file);
  const hash = sha256(bytes);
  const stored = join(modelsDir, `${hash}.onnx`);
  if (!existsSync(stored)) writeFileAtomic(stored, bytes);
  const c = card.value;
  const model = upsertModel(db, {
    name: c.spec.name,
    role: input.role ?? inferRole(c),
    file: stored,
    spec: c.spec,
    provenance: { ...c.provenance, importedFile: input.file, sha256: hash, ...provenanceExtra },
    metrics: c.metrics,
    card: rawCard,
    synthetic: c.provenance.syntheticOnly,
  });
  return input.activate ? activateModel(db, model.modelId) : ok(model);
}
