import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BlobStore, blobPath, sha256 } from '../../../src/main/db/blobs';
import { openDatabase, type Db } from '../../../src/main/db/connection';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';

describe('content-addressed blob storage', () => {
  const dir = tempDir();
  let db: Db;
  let store: BlobStore;
  beforeAll(() => {
    db = unwrap(openDatabase(join(dir, 'b.db')));
    store = new BlobStore(db, join(dir, 'blobs'));
  });

  it('stores equal content once, compressed, and reads it back byte-identical', async () => {
    const mask = new Uint8Array(64 * 64 * 32);
    mask.fill(1, 1000, 5000);
    const a = await store.put(mask);
    const b = store.putSync(mask.slice());
    expect(a.hash).toBe(sha256(mask));
    expect(b.hash).toBe(a.hash);
    expect(a.storedSize).toBeLessThan(mask.length / 50);
    expect(readdirSync(join(dir, 'blobs', a.hash.slice(0, 2)))).toEqual([a.hash]);
    expect(Buffer.from(unwrap(await store.get(a.hash))).equals(Buffer.from(mask))).toBe(true);
    expect(Buffer.from(unwrap(store.getSync(a.hash))).equals(Buffer.from(mask))).toBe(true);
    const raw = await store.put(new Uint8Array([1, 2, 3]), { encoding: 'raw' });
    expect(Array.from(unwrap(await store.get(raw.hash)))).toEqual([1, 2, 3]);
  });

  it('detects a damaged file instead of returning wrong data', async () => {
    const ref = await store.put(new Uint8Array([9, 9, 9, 9]), { encoding: 'raw' });
    writeFileSync(blobPath(store.root, ref.hash), new Uint8Array([9, 9, 9, 8]));
    const r = await store.get(ref.hash);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/damaged/);
    expect((await store.get('0'.repeat(64))).ok).toBe(false);
  });

  it('sweeps only unreferenced, old blobs and leftover temporaries', async () => {
    const kept = await store.put(new Uint8Array([1, 1, 1]));
    const orphan = await store.put(new Uint8Array([2, 2, 2]));
    db.prepare("UPDATE blobs SET created_at = '2000-01-01T00:00:00Z'").run();
    const G = JSON.stringify({ dims: [3, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    db.exec(`INSERT INTO patients (patient_key, created_at) VALUES ('P', 't'); INSERT INTO studies (patient_id, study_uid, created_at) VALUES (1, 'S', 't');`);
    db.prepare(`INSERT INTO series (study_id, series_uid, source_format, storage, volume_hash, voxel_type, geometry, native_geometry, slices, imported_at)
      VALUES (1, 'X', 'nifti', 'imported', ?, 'uint8', ?, ?, 1, 't')`).run(kept.hash, G, G);
    const tmp = join(store.root, kept.hash.slice(0, 2), `.${kept.hash}.abc.tmp`);
    writeFileSync(tmp, 'half');
    const old = new Date('2000-01-01');
    for (const f of [tmp, blobPath(store.root, orphan.hash), blobPath(store.root, kept.hash)]) utimesSync(f, old, old);
    const swept = store.sweep(60_000);
    expect(swept.rows).toBeGreaterThanOrEqual(1);
    expect(existsSync(blobPath(store.root, orphan.hash))).toBe(false);
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(blobPath(store.root, kept.hash))).toBe(true);
    expect(Array.from(unwrap(await store.get(kept.hash)))).toEqual([1, 1, 1]);
  });
});
