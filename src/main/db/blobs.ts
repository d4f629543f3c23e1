import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflate, deflateSync, inflate, inflateSync } from 'node:zlib';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { nowIso, type Db } from './connection';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

export type BlobEncoding = 'deflate' | 'raw';

export interface BlobPutOptions {
  /** raw for data that does not compress (network weights); deflate otherwise. */
  readonly encoding?: BlobEncoding;
  /** zlib level; 1 is fast and already shrinks masks by orders of magnitude. */
  readonly level?: number;
}

export interface BlobRef {
  readonly hash: string;
  readonly size: number;
  readonly storedSize: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a blob lives under the data folder: blobs/<first two hex>/<sha256>. */
export function blobPath(root: string, hash: string): string {
  return join(root, hash.slice(0, 2), hash);
}

/**
 * Content-addressed storage of volumes, masks and checkpoints. The file is written completely
 * (temporary, fsync, rename) BEFORE its row exists, and rows that reference a blob are written
 * after put() returns: so every hash the database names is a whole file, and a crash can leave
 * at most an unreferenced file, which `sweep` removes.
 */
export class BlobStore {
  constructor(
    private readonly db: Db,
    readonly root: string,
  ) {}

  private record(hash: string, size: number, stored: number, encoding: BlobEncoding): void {
    this.db
      .prepare('INSERT OR IGNORE INTO blobs (hash, size, stored_size, encoding, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(hash, size, stored, encoding, nowIso());
  }

  private existing(hash: string): BlobRef | undefined {
    const row = this.db.prepare('SELECT size, stored_size AS storedSize FROM blobs WHERE hash = ?').get(hash) as
      | { size: number; storedSize: number }
      | undefined;
    return row && existsSync(blobPath(this.root, hash)) ? { hash, ...row } : undefined;
  }

  async put(bytes: Uint8Array, options: BlobPutOptions = {}): Promise<BlobRef> {
    const hash = sha256(bytes);
    const have = this.existing(hash);
    if (have) return have;
    const encoding = options.encoding ?? 'deflate';
    const stored = encoding === 'raw' ? bytes : await deflateAsync(bytes, { level: options.level ?? 1 });
    writeFileAtomic(blobPath(this.root, hash), stored);
    this.record(hash, bytes.length, stored.length, encoding);
    return { hash, size: bytes.length, storedSize: stored.length };
  }

  /** Synchronous put for worker processes that have nothing else to do meanwhile. */
  putSync(bytes: Uint8Array, options: BlobPutOptions = {}): BlobRef {
    const hash = sha256(bytes);
    const have = this.existing(hash);
    if (have) return have;
    const encoding = options.encoding ?? 'deflate';
    const stored = encoding === 'raw' ? bytes : deflateSync(bytes, { level: options.level ?? 1 });
    writeFileAtomic(blobPath(this.root, hash), stored);
    this.record(hash, bytes.length, stored.length, encoding);
    return { hash, size: bytes.length, storedSize: stored.length };
  }

  private meta(hash: string): Result<{ encoding: BlobEncoding; size: number }> {
    const row = this.db.prepare('SELECT encoding, size FROM blobs WHERE hash = ?').get(hash) as
      | { encoding: BlobEncoding; size: number }
      | undefined;
    return row ? ok(row) : fail(`blob ${hash.slice(0, 12)} is not in the database`);
  }

  private check(hash: string, size: number, bytes: Uint8Array): Result<Uint8Array> {
    if (bytes.length !== size || sha256(bytes) !== hash) {
      return fail(`stored data ${blobPath(this.root, hash)} is damaged (its content no longer matches its hash)`);
    }
    return ok(bytes);
  }

  /** Reads and verifies a blob: the bytes returned are exactly those that were put. */
  async get(hash: string): Promise<Result<Uint8Array>> {
    const m = this.meta(hash);
    if (!m.ok) return m;
    try {
      const stored = await readFile(blobPath(this.root, hash));
      const bytes = m.value.encoding === 'raw' ? stored : await inflateAsync(stored);
      return this.check(hash, m.value.size, bytes);
    } catch (e) {
      return fail(`cannot read stored data ${blobPath(this.root, hash)}: ${(e as Error).message}`);
    }
  }

  getSync(hash: string): Result<Uint8Array> {
    const m = this.meta(hash);
    if (!m.ok) return m;
    try {
      const stored = readFileSync(blobPath(this.root, hash));
      const bytes = m.value.encoding === 'raw' ? stored : inflateSync(stored);
      return this.check(hash, m.value.size, bytes);
    } catch (e) {
      return fail(`cannot read stored data ${blobPath(this.root, hash)}: ${(e as Error).message}`);
    }
  }

  /**
   * Removes what nothing references: blob rows no series, version or job names, their files,
   * files without a row and leftover temporaries. Only things older than `minAgeMs` go, so a
   * put whose referencing transaction is still in flight (another process) is never touched.
   */
  sweep(minAgeMs = 3_600_000): { rows: number; files: number } {
    const cutoff = new Date(Date.now() - minAgeMs).toISOString();
    const rows = this.db
      .prepare(
        `DELETE FROM blobs WHERE created_at < ?
           AND hash NOT IN (SELECT volume_hash FROM series WHERE volume_hash IS NOT NULL)
           AND hash NOT IN (SELECT mask_hash FROM annotation_versions WHERE mask_hash IS NOT NULL)
           AND hash NOT IN (SELECT checkpoint_hash FROM jobs WHERE checkpoint_hash IS NOT NULL)`,
      )
      .run(cutoff).changes;
    const known = this.db.prepare('SELECT 1 FROM blobs WHERE hash = ?');
    let files = 0;
    if (!existsSync(this.root)) return { rows, files };
    for (const dir of readdirSync(this.root)) {
      const sub = join(this.root, dir);
      if (!statSync(sub).isDirectory()) continue;
      for (const name of readdirSync(sub)) {
        const file = join(sub, name);
        if (Date.now() - statSync(file).mtimeMs < minAgeMs) continue;
        if (name.endsWith('.tmp') || !known.get(name)) {
          rmSync(file, { force: true });
          files++;
        }
      }
    }
    return { rows, files };
  }
}
