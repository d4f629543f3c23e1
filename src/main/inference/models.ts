import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import type { Vec3 } from '../../shared/volume/mat3';
import { loadModelFile, type LoadedModel } from '../engine/model-file';

/**
 * The models `lungts segment` and `lungts teacher` use when none is named: the ones shipped in
 * resources/models (trained on phantoms by scripts/train-shipped-models.mjs).
 */
export const SHIPPED_TEACHER = 'teacher.onnx';
export const SHIPPED_STUDENT = 'student.onnx';

/** resources/models, found from this file whether it runs from source or bundled in dist/. */
export function shippedModelsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'resources', 'models');
    if (existsSync(candidate)) return candidate;
    dir = resolve(dir, '..');
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'models');
}

export type ModelRoleName = 'teacher' | 'student';

/** Loads a model file (ours .onnx or a checkpoint) and checks it fits the role. */
export function loadRoleModel(path: string | undefined, role: ModelRoleName): Result<LoadedModel & { readonly path: string }> {
  const file = path ?? join(shippedModelsDir(), role === 'teacher' ? SHIPPED_TEACHER : SHIPPED_STUDENT);
  if (!path && !existsSync(file)) return fail(`no ${role} model given and the shipped one is missing (${file}); pass --model`);
  const m = loadModelFile(file);
  if (!m.ok) return m;
  const want = role === 'teacher' ? 2 : 1;
  if (m.value.spec.inChannels !== want) {
    return fail(`${file} is a ${m.value.spec.inChannels === 2 ? 'teacher (CT + boxes)' : 'student (CT only)'} network, not a ${role}`);
  }
  return ok({ ...m.value, path: file });
}

/**
 * The patch a model was trained on, as [nx, ny, nz] (the card stores the engine's [D, H, W]);
 * undefined for models without one (imported weights).
 */
export function trainedPatch(m: { readonly card: { readonly provenance: { readonly patchShape?: readonly number[] | undefined } } }): Vec3 | undefined {
  const p = m.card.provenance.patchShape;
  return p && p.length === 3 ? [p[2]!, p[1]!, p[0]!] : undefined;
}

export function headIndex(spec: UNetSpec, name: string): number {
  return spec.heads.findIndex((h) => h.name === name);
}
