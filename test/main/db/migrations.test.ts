import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrityCheck, openDatabase, type Db } from '../../../src/main/db/connection';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../../src/main/db/migrate';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const GEOM = JSON.stringify({ dims: [4, 4, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });

/** Rows a user of schema version v would have, written with that version's SQL only. */
function seed(db: Db, version: number): void {
  db.exec(`INSERT INTO patients (patient_key, name, created_at) VALUES ('P1', 'Doe^J', 't');
    INSERT INTO studies (patient_id, study_uid, created_at) VALUES (1, '1.2.3', 't');
    INSERT INTO blobs (hash, size, stored_size, encoding, created_at) VALUES ('ab', 32, 10, 'deflate', 't');
    INSERT INTO series (study_id, series_uid, source_format, storage, volume_hash, voxel_type, geometry, native_geometry, slice_uids, source_paths, slices, imported_at)
      VALUES (1, '1.2.3.4', 'dicom', 'imported', 'ab', 'int16', '${GEOM}', '${GEOM}', '[null,null]', '[]', 2, 't');`);
  if (version >= 2) {
    db.exec(`INSERT INTO annotations (series_id, kind, created_at) VALUES (1, 'boxes', 't');
      INSERT INTO annotation_versions (annotation_id, author, source, created_at, content_hash, boxes, box_count)
        VALUES (1, 'nurse', 'manual', 't', 'h', '[]', 3);
      UPDATE annotations SET head_version_id = 1;`);
  }
}

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('database migrations', () => {
  it('creates the current schema in an empty file, with WAL and foreign keys', () => {
    const db = unwrap(openDatabase(join(dir, 'empty.db')));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['patients', 'series', 'annotation_versions', 'models', 'jobs', 'datasets', 'evaluations']));
    expect(integrityCheck(db)).toEqual(['ok']);
    expect(() => db.exec("INSERT INTO studies (patient_id, study_uid, created_at) VALUES (99, 'x', 't')")).toThrow(/FOREIGN KEY/);
    db.close();
  });

  for (let from = 1; from < SCHEMA_VERSION; from++) {
    it(`upgrades a version ${from} file to version ${SCHEMA_VERSION} keeping its rows`, () => {
      const path = join(dir, `v${from}.db`);
      const old = unwrap(openDatabase(path, { migrateTo: from }));
      expect(schemaVersion(old)).toBe(from);
      seed(old, from);
      old.close();
      const db = unwrap(openDatabase(path));
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT series_uid FROM series').all()).toEqual([{ series_uid: '1.2.3.4' }]);
      if (from >= 2) {
        expect(db.prepare('SELECT author, model_id FROM annotation_versions').get()).toEqual({ author: 'nurse', model_id: null });
      }
      // Version 4 moved the per-slice data aside and derived each case's status.
      expect(db.prepare('SELECT slice_uids FROM series_sources WHERE series_id = 1').get()).toEqual({ slice_uids: '[null,null]' });
      expect(db.prepare('SELECT box_count, mask_count FROM series_status WHERE series_id = 1').get()).toEqual({ box_count: from >= 2 ? 3 : 0, mask_count: 0 });
      // The new tables work on upgraded data.
      db.exec(`INSERT INTO models (name, role, file, created_at) VALUES ('m', 'student', 'f', 't');
        INSERT INTO datasets (name, created_at) VALUES ('d', 't');
        INSERT INTO dataset_members (dataset_id, series_id, strength) VALUES (1, 1, 'weak');`);
      expect(integrityCheck(db)).toEqual(['ok']);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('refuses a file from a newer version without touching it', () => {
    const path = join(dir, 'newer.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(path);
    const r = openDatabase(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/newer LungTS/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database, naming it', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'hello, this is text and not SQLite at all.'.repeat(50));
    const r = openDatabase(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(path);
  });

  it('leaves the previous version intact when a migration fails midway', () => {
    const db = unwrap(openDatabase(join(dir, 'failing.db'), { migrateTo: 1 }));
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE ok_so_far (x); CREATE TABLE patients (dup);' }];
    const r = migrate(db, 2, broken);
    expect(r.ok).toBe(false);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('ok_so_far');
    db.close();
  });
});
