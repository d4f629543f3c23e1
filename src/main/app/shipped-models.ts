import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { activeModel, listModels, activateModel } from '../db/repos/models';
import type { AppCore } from './core';
import { importModel } from './models';

/**
 * Registers the models shipped with the app (every *.onnx with a card) and, where a role has
 * no active model yet, activates the settings' default (by name). Returns notes for models
 * that could not be registered; a bad shipped file never stops the app.
 */
export function registerShippedModels(app: AppCore, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const notes: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.onnx')).sort()) {
    const r = importModel(app.db, app.modelsDir, { file: join(dir, name) }, { shipped: true });
    if (!r.ok) notes.push(`shipped model ${name} was not registered: ${r.error}`);
  }
  const defaults = app.settings.get().defaultModels;
  for (const role of ['teacher', 'student'] as const) {
    const want = defaults[role];
    if (!want || activeModel(app.db, role)) continue;
    const m = listModels(app.db, role).find((x) => x.name === want);
    if (m) activateModel(app.db, m.modelId);
    else notes.push(`default ${role} model "${want}" is not registered`);
  }
  return notes;
}
