import type { Dataset, DatasetMember } from '../../../shared/api';
import { fail, ok, type Result } from '../../../shared/result';
import { nowIso, type Db } from '../connection';

const DATASET_SELECT = `SELECT d.id AS datasetId, d.name, d.description, d.created_at AS createdAt,
  COALESCE(SUM(m.strength = 'strong'), 0) AS strong, COALESCE(SUM(m.strength = 'weak'), 0) AS weak,
  COALESCE(SUM(m.split = 'train'), 0) AS train, COALESCE(SUM(m.split = 'val'), 0) AS val, COALESCE(SUM(m.split = 'test'), 0) AS test
  FROM datasets d LEFT JOIN dataset_members m ON m.dataset_id = d.id`;

type Row = Omit<Dataset, 'counts'> & Dataset['counts'];
const toDataset = (r: Row): Dataset => ({
  datasetId: r.datasetId,
  name: r.name,
  description: r.description,
  createdAt: r.createdAt,
  counts: { strong: r.strong, weak: r.weak, train: r.train, val: r.val, test: r.test },
});

export function listDatasets(db: Db): Dataset[] {
  return (db.prepare(`${DATASET_SELECT} GROUP BY d.id ORDER BY d.id`).all() as Row[]).map(toDataset);
}

export function getDataset(db: Db, datasetId: number): Dataset | undefined {
  const r = db.prepare(`${DATASET_SELECT} WHERE d.id = ? GROUP BY d.id`).get(datasetId) as Row | undefined;
  return r && toDataset(r);
}

export function createDataset(db: Db, name: string, description: string): Result<Dataset> {
  if (db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name)) return fail(`a dataset named "${name}" already exists`);
  const { id } = db.prepare('INSERT INTO datasets (name, description, created_at) VALUES (?, ?, ?) RETURNING id').get(name, description, nowIso()) as { id: number };
  return ok(getDataset(db, id)!);
}

export function datasetMembers(db: Db, datasetId: number): DatasetMember[] {
  return db.prepare('SELECT series_id AS seriesId, strength, split FROM dataset_members WHERE dataset_id = ? ORDER BY series_id').all(datasetId) as DatasetMember[];
}

/** Adds/updates (or with `replace`, replaces) members in one transaction; unknown series are refused by name. */
export function setMembers(db: Db, datasetId: number, members: readonly DatasetMember[], replace: boolean): Result<Dataset> {
  return db.transaction((): Result<Dataset> => {
    if (!getDataset(db, datasetId)) return fail(`dataset ${datasetId} does not exist`);
    const exists = db.prepare('SELECT 1 FROM series WHERE id = ?');
    const missing = members.filter((m) => !exists.get(m.seriesId)).map((m) => m.seriesId);
    if (missing.length) return fail(`these cases do not exist: series ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '...' : ''}`);
    if (replace) db.prepare('DELETE FROM dataset_members WHERE dataset_id = ?').run(datasetId);
    const put = db.prepare(
      `INSERT INTO dataset_members (dataset_id, series_id, strength, split) VALUES (?, ?, ?, ?)
       ON CONFLICT (dataset_id, series_id) DO UPDATE SET strength = excluded.strength, split = excluded.split`,
    );
    for (const m of members) put.run(datasetId, m.seriesId, m.strength, m.split);
    return ok(getDataset(db, datasetId)!);
  })();
}
