import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { ModelImportInputSchema, ModelInfo } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import { sha256 } from '../db/blobs';
import type { Db } from '../db/connection';
import { activateModel, listModels, upsertModel } from '../db/repos/models';
import { loadModelFile } from '../engine/model-file';
import { writeFileAtomic } from '../fs/atomic';

/**
 * Registers a model file: the engine reads it (its embedded card, weights checked against the
 * card's checksum), so a damaged or foreign file is refused with the engine's message. The
 * file is copied into the data folder, named by content hash, so moving or deleting the
 * original loses nothing. The name is the file's (e.g. "student-so"); re-registering the same
 * bytes updates the row, a different model under a taken name gets a numbered name.
 */
export function importModel(db: Db, modelsDir: string, input: z.infer<typeof ModelImportInputSchema>, provenanceExtra: Record<string, unknown> = {}): Result<ModelInfo> {
  if (!existsSync(input.file)) return fail(`${input.file}: no such model file`);
  const model = loadModelFile(input.file);
  if (!model.ok) return model;
  const role = input.role ?? (model.value.spec.inChannels === 2 ? 'teacher' : 'student');
  if (role === 'teacher' && model.value.spec.inChannels !== 2) return fail(`${input.file} takes ${model.value.spec.inChannels} input channel(s); a teacher takes 2 (CT + boxes)`);
  if (role === 'student' && model.value.spec.inChannels !== 1) return fail(`${input.file} takes ${model.value.spec.inChannels} input channels; a student takes the CT alone`);
  const bytes = readFileSync(input.file);
  const hash = sha256(bytes);
  const stored = join(modelsDir, `${hash}.onnx`);
  if (!existsSync(stored)) writeFileAtomic(stored, bytes);
  const base = basename(input.file).replace(/\.(onnx|ckpt|bin)$/i, '');
  const taken = new Map(listModels(db, role).map((m) => [m.name, m.file]));
  let name = base;
  for (let n = 2; taken.has(name) && taken.get(name) !== stored; n++) name = `${base} (${n})`;
  const card = model.value.card;
  const saved = upsertModel(db, {
    name,
    role,
    file: stored,
    spec: card.spec,
    provenance: { ...card.provenance, importedFile: input.file, sha256: hash, ...provenanceExtra },
    metrics: card.metrics,
    card,
    synthetic: card.provenance.syntheticOnly,
  });
  return input.activate ? activateModel(db, saved.modelId) : ok(saved);
}

