import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { activateModel, activeModel, listModels } from '../db/repos/models';
import type { AppCore } from './core';
import { importModel } from './models';

/**
 * Registers the models shipped with the app (every *.onnx in the folder) and, where a role has
 * no active model yet, activates the settings' default (by name) or else the shipped one, so
 * a fresh install can run the teacher and the student at once. Returns notes for files that
 * could not be registered; a bad shipped file never stops the app.
 */
export function registerShippedModels(app: AppCore, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const notes: string[] = [];
  const shipped = new Map<string, number>();
  for (const name of readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.onnx')).sort()) {
    const r = importModel(app.db, app.modelsDir, { file: join(dir, name) }, { shipped: true });
    if (!r.ok) notes.push(`shipped model ${name} was not registered: ${r.error}`);
    else if (!shipped.has(r.value.role)) shipped.set(r.value.role, r.value.modelId);
  }
  const defaults = app.settings.get().defaultModels;
  for (const role of ['teacher', 'student'] as const) {
    if (activeModel(app.db, role)) continue;
    const want = defaults[role];
    const named = want ? listModels(app.db, role).find((x) => x.name === want) : undefined;
    if (want && !named) notes.push(`default ${role} model "${want}" is not registered`);
    const pick = named?.modelId ?? shipped.get(role);
    if (pick !== undefined) activateModel(app.db, pick);
  }
  return notes;
}
