import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import { migrate, SCHEMA_VERSION } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Stop migrating at this version (tests of upgrades from older files). */
  readonly migrateTo?: number;
  /** Wait this long for another process's write lock before failing (ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the app database: WAL so readers never block the writer and a
 * crash never tears a page; synchronous=FULL so a committed transaction survives power loss;
 * foreign keys on; migrations to the current schema.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Result<Db> {
  let db: Db | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    // Check the version before anything writes, so a newer app's file is left exactly as it was.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      db.close();
      return fail(`${path}: the database has schema version ${version}, written by a newer LungTS; this version knows up to ${SCHEMA_VERSION}`);
    }
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`cannot switch to WAL journal mode (got ${String(mode)})`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    // 64 MB of page cache: the case list of a large archive stays in memory between listings.
    db.pragma('cache_size = -65536');
  } catch (e) {
    db?.close();
    return fail(`cannot open the database ${path}: ${(e as Error).message}`);
  }
  const m = migrate(db, options.migrateTo ?? SCHEMA_VERSION);
  if (!m.ok) {
    db.close();
    return fail(`${path}: ${m.error}`);
  }
  return ok(db);
}

/** PRAGMA integrity_check: ['ok'] for a sound file, otherwise the problems SQLite found. */
export function integrityCheck(db: Db): string[] {
  return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}

export function nowIso(): string {
  return new Date().toISOString();
}
