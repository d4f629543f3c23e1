import type { ModelInfo, ModelRole } from '../../../shared/api';
import { fail, ok, type Result } from '../../../shared/result';
import { nowIso, type Db } from '../connection';

interface ModelRow {
  id: number;
  name: string;
  role: ModelRole;
  file: string;
  spec: string;
  provenance: string;
  metrics: string;
  card: string;
  synthetic: 0 | 1;
  active: 0 | 1;
  created_at: string;
}

function toModel(r: ModelRow): ModelInfo {
  return {
    modelId: r.id,
    name: r.name,
    role: r.role,
    active: r.active === 1,
    createdAt: r.created_at,
    file: r.file,
    spec: JSON.parse(r.spec) as ModelInfo['spec'],
    provenance: JSON.parse(r.provenance) as ModelInfo['provenance'],
    metrics: JSON.parse(r.metrics) as Record<string, number>,
    synthetic: r.synthetic === 1,
  };
}

export interface NewModel {
  readonly name: string;
  readonly role: ModelRole;
  readonly file: string;
  readonly spec: unknown;
  readonly provenance: unknown;
  readonly metrics: Record<string, number>;
  readonly card: unknown;
  readonly synthetic: boolean;
}

/** Registers a model, or updates the one with the same name and role (re-registering a shipped model). */
export function upsertModel(db: Db, m: NewModel): ModelInfo {
  const row = db
    .prepare(
      `INSERT INTO models (name, role, file, spec, provenance, metrics, card, synthetic, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name, role) DO UPDATE SET file = excluded.file, spec = excluded.spec, provenance = excluded.provenance,
         metrics = excluded.metrics, card = excluded.card, synthetic = excluded.synthetic
       RETURNING *`,
    )
    .get(m.name, m.role, m.file, JSON.stringify(m.spec ?? null), JSON.stringify(m.provenance ?? {}), JSON.stringify(m.metrics),
      JSON.stringify(m.card ?? {}), m.synthetic ? 1 : 0, nowIso()) as ModelRow;
  return toModel(row);
}

export function listModels(db: Db, role?: ModelRole): ModelInfo[] {
  const rows = role
    ? db.prepare('SELECT * FROM models WHERE role = ? ORDER BY id').all(role)
    : db.prepare('SELECT * FROM models ORDER BY role, id').all();
  return (rows as ModelRow[]).map(toModel);
}

export function getModel(db: Db, modelId: number): ModelInfo | undefined {
  const r = db.prepare('SELECT * FROM models WHERE id = ?').get(modelId) as ModelRow | undefined;
  return r && toModel(r);
}

export function activeModel(db: Db, role: ModelRole): ModelInfo | undefined {
  const r = db.prepare('SELECT * FROM models WHERE role = ? AND active = 1').get(role) as ModelRow | undefined;
  return r && toModel(r);
}

export function modelCard(db: Db, modelId: number): Result<{ card: unknown; createdAt: string }> {
  const r = db.prepare('SELECT card, created_at FROM models WHERE id = ?').get(modelId) as { card: string; created_at: string } | undefined;
  return r ? ok({ card: JSON.parse(r.card) as unknown, createdAt: r.created_at }) : fail(`model ${modelId} does not exist`);
}

/** One active model per role: the switch happens in one transaction (the partial unique index enforces it). */
export function activateModel(db: Db, modelId: number): Result<ModelInfo> {
  return db.transaction((): Result<ModelInfo> => {
    const m = getModel(db, modelId);
    if (!m) return fail(`model ${modelId} does not exist`);
    db.prepare('UPDATE models SET active = 0 WHERE role = ? AND active = 1').run(m.role);
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(modelId);
    return ok({ ...m, active: true });
  })();
}
