import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/shared/result';
import { BlobStore, sha256 } from '../../../src/main/db/blobs';
import { integrityCheck, openDatabase, type Db } from '../../../src/main/db/connection';
import { dataPaths } from '../../../src/main/db/paths';
import { selftestCheckpoint } from '../../../src/main/jobs/kinds/selftest';
import { tempDir } from '../../helpers/tmp';
import { call, openTestApp, writeSyntheticCt } from '../app/helpers';
import { crashMask } from './crash/pattern';

const KILLS = 50;
const ROOT = resolve(__dirname, '../../..');

/**
 * Runs the writer until it has shown `armAfter` progress lines (so each run gets some work
 * done however loaded the machine is), lets it go on for a random moment, then SIGKILLs it.
 */
function runAndKill(script: string, args: string[], maxMs: number, armAfter: number, onLine: (line: string) => void): Promise<void> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    let seen = 0;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') continue;
        onLine(line);
        if (++seen === armAfter) setTimeout(() => child.kill('SIGKILL'), Math.random() * maxMs);
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : failed(new Error(`writer exited ${code}: ${err}`))));
  });
}

/** No database row may name a blob that is missing, truncated or not what its hash says. */
function checkReferencedBlobs(db: Db, blobs: BlobStore): number {
  const hashes = db.prepare(`SELECT mask_hash AS h FROM annotation_versions WHERE mask_hash IS NOT NULL
    UNION SELECT checkpoint_hash FROM jobs WHERE checkpoint_hash IS NOT NULL`).all() as { h: string }[];
  for (const { h } of hashes) {
    const bytes = blobs.getSync(h);
    expect(bytes.ok ? sha256(bytes.value) : bytes.error).toBe(h);
  }
  return hashes.length;
}

describe('crash safety: writers killed with SIGKILL at random moments', () => {
  const dir = tempDir();
  const scratch = join(ROOT, '.tmp', `crash-${process.pid}`);
  let script = '';
  beforeAll(async () => {
    mkdirSync(scratch, { recursive: true });
    script = join(scratch, 'writer.mjs');
    // One bundle, so each of the 100 child processes starts in a fraction of a second.
    await build({ entryPoints: [join(__dirname, 'crash', 'writer.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: script, logLevel: 'error' });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(`keeps every committed mask byte-identical and the database sound across ${KILLS} kills while saving masks`, async () => {
    const dataDir = join(dir, 'masks');
    const app = await openTestApp(dataDir);
    const ct = writeSyntheticCt(dir, 'crash-ct.nii.gz', [96, 96, 48]);
    const { jobId } = await call(app, 'jobs.start', { kind: 'import', input: { paths: [ct.path] } });
    await app.core.runner.idle();
    const seriesId = (await call(app, 'jobs.get', { jobId })).job.result as { seriesAdded: { seriesId: number }[] };
    const sid = seriesId.seriesAdded[0]!.seriesId;
    const first = await call(app, 'annotations.saveMask', { meta: { seriesId: sid, author: 't', source: 'manual' }, bytes: crashMask(0, [96, 96, 48]) });
    await app.close();
    const dims = [96, 96, 48] as const;

    const committed = new Map<number, number>();
    for (let n = 0; n < KILLS; n++) {
      const seedBase = 1000 * (n + 1);
      await runAndKill(script, ['masks', dataDir, String(sid), String(first.annotation.annotationId), String(seedBase)], 150, 1, (line) => {
        const [, version, seed] = line.split(' ');
        committed.set(Number(version), Number(seed));
      });
      const db = unwrap(openDatabase(dataPaths(dataDir).database));
      expect(integrityCheck(db)).toEqual(['ok']);
      db.close();
    }

    const db = unwrap(openDatabase(dataPaths(dataDir).database));
    const blobs = new BlobStore(db, dataPaths(dataDir).blobs);
    expect(integrityCheck(db)).toEqual(['ok']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(committed.size).toBeGreaterThanOrEqual(KILLS);
    for (const [versionId, seed] of committed) {
      const row = db.prepare('SELECT mask_hash FROM annotation_versions WHERE id = ?').get(versionId) as { mask_hash: string } | undefined;
      expect(row, `committed version ${versionId} is missing`).toBeDefined();
      const bytes = unwrap(blobs.getSync(row!.mask_hash));
      expect(Buffer.from(bytes).equals(Buffer.from(crashMask(seed, dims)))).toBe(true);
    }
    expect(checkReferencedBlobs(db, blobs)).toBeGreaterThanOrEqual(committed.size);
    // The head is always the newest version: no save was half-applied.
    const head = db.prepare('SELECT head_version_id AS h, (SELECT MAX(id) FROM annotation_versions WHERE annotation_id = a.id) AS m FROM annotations a WHERE id = ?')
      .get(first.annotation.annotationId) as { h: number; m: number };
    expect(head.h).toBe(head.m);
    // Evidence that kills landed mid-save: temporaries cut off while written, and whole blob
    // files whose database transaction never ran (both unreferenced, removed by the next sweep).
    const files = readdirSync(dataPaths(dataDir).blobs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const temporaries = files.filter((e) => e.name.endsWith('.tmp')).length;
    const known = db.prepare('SELECT 1 FROM annotation_versions WHERE mask_hash = ? UNION SELECT 1 FROM series WHERE volume_hash = ?');
    const orphans = files.filter((e) => !e.name.endsWith('.tmp') && !known.get(e.name, e.name)).length;
    console.log(`masks: ${KILLS} kills, ${committed.size} committed saves read back byte-identical, every referenced blob whole; ` +
      `${temporaries} torn temporaries and ${orphans} uncommitted blobs left unreferenced`);
    db.close();
  });

  it(`resumes a checkpointing job from an intact checkpoint after each of ${KILLS} kills`, async () => {
    const dataDir = join(dir, 'train');
    let lastStep = 0;
    let advanced = 0;
    for (let n = 0; n < KILLS; n++) {
      await runAndKill(script, ['train', dataDir], 200, 2, () => undefined);
      const db = unwrap(openDatabase(dataPaths(dataDir).database));
      const blobs = new BlobStore(db, dataPaths(dataDir).blobs);
      expect(integrityCheck(db)).toEqual(['ok']);
      const job = db.prepare("SELECT checkpoint_step AS step, checkpoint_hash AS hash FROM jobs WHERE kind = 'selftest'").get() as { step: number | null; hash: string | null };
      if (job.hash !== null) {
        const bytes = unwrap(blobs.getSync(job.hash));
        expect(Buffer.from(bytes).equals(Buffer.from(selftestCheckpoint(job.step!, 65_536)))).toBe(true);
        expect(job.step!).toBeGreaterThanOrEqual(lastStep);
        if (job.step! > lastStep) advanced++;
        lastStep = job.step!;
      }
      checkReferencedBlobs(db, blobs);
      db.close();
    }
    expect(lastStep).toBeGreaterThan(0);
    expect(advanced).toBe(KILLS);
    // Each restart found the job interrupted and resumed it from its checkpoint.
    const db = unwrap(openDatabase(dataPaths(dataDir).database));
    const resumes = db.prepare("SELECT message FROM job_logs WHERE message LIKE 'resuming after step %'").all() as { message: string }[];
    const steps = resumes.map((r) => Number(r.message.split(' ').pop()));
    expect(steps.length).toBe(KILLS - 1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    console.log(`checkpoints: ${KILLS} kills, reached step ${lastStep}, ${steps.length} resumes from intact checkpoints`);
    db.close();
  });
});
