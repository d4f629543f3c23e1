import type BetterSqlite3 from 'better-sqlite3';
import { fail, ok, type Result } from '../../shared/result';
import { V1_CASES } from './migrations/v1-cases';
import { V2_ANNOTATIONS } from './migrations/v2-annotations';
import { V3_WORK } from './migrations/v3-work';
import { V4_LISTING } from './migrations/v4-listing';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Forward-only migrations; a database's PRAGMA user_version is the last one applied. Never edit
 * a shipped migration: add the next one (users' files were made by the old text).
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'cases', sql: V1_CASES },
  { version: 2, name: 'annotations', sql: V2_ANNOTATIONS },
  { version: 3, name: 'models, datasets, jobs, evaluations', sql: V3_WORK },
  { version: 4, name: 'fast case listing', sql: V4_LISTING },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations after the file's version, each in its own transaction together with
 * its version bump, so a crash mid-migration leaves the previous version intact.
 */
export function migrate(db: BetterSqlite3.Database, target = SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): Result<{ from: number; to: number }> {
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    return fail(`the database has schema version ${from}, written by a newer LungTS; this version knows up to ${latest}`);
  }
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (e) {
      return fail(`migration to schema version ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  const violations = db.pragma('foreign_key_check') as unknown[];
  if (violations.length > 0) return fail(`the database has ${violations.length} broken references after migrating`);
  return ok({ from, to: schemaVersion(db) });
}
