import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../src/shared/api';
import { unwrap } from '../../../src/shared/result';
import { BlobStore } from '../../../src/main/db/blobs';
import { openDatabase, type Db } from '../../../src/main/db/connection';
import { dataPaths } from '../../../src/main/db/paths';
import { getJob, jobLog } from '../../../src/main/db/repos/jobs';
import { createForkExecutor } from '../../../src/main/jobs/fork-executor';
import { createInlineExecutor } from '../../../src/main/jobs/inline-executor';
import { jobKindMap } from '../../../src/main/jobs/registry';
import { JobRunner } from '../../../src/main/jobs/runner';
import { tempDir } from '../../helpers/tmp';
import { writeSyntheticCt } from '../app/helpers';

describe('job runner', () => {
  const dir = tempDir();
  let db: Db;
  let blobs: BlobStore;
  const events: ApiEvent[] = [];
  beforeAll(() => {
    db = unwrap(openDatabase(dataPaths(dir).database));
    blobs = new BlobStore(db, dataPaths(dir).blobs);
  });
  afterAll(() => db?.close());
  const runner = (executor: 'inline' | 'fork', extra: string[] = []) =>
    new JobRunner({
      db,
      kinds: jobKindMap(),
      executor: executor === 'inline' ? createInlineExecutor(db, blobs, dir, jobKindMap()) : createForkExecutor({ dataDir: dir, execArgv: extra, cancelGraceMs: 3000 }),
      emit: (e) => events.push(e),
      progressEventMs: 100,
      compute: () => ({ executionProvider: 'cpu', threads: 2 }),
    });

  it('runs one compute job at a time, queues the rest, and lets io jobs pass', async () => {
    const r = runner('inline');
    const a = unwrap(r.start('selftest', { steps: 10, stepMs: 10 }));
    const b = unwrap(r.start('selftest', { steps: 2 }));
    const ct = writeSyntheticCt(dir);
    const c = unwrap(r.start('import', { paths: [ct.path] }));
    expect(getJob(db, a.jobId)!.state).toBe('running');
    expect(getJob(db, b.jobId)!.state).toBe('queued');
    expect(getJob(db, c.jobId)!.state).toBe('running'); // its own lane
    await r.idle();
    for (const id of [a.jobId, b.jobId, c.jobId]) expect(getJob(db, id)!.state).toBe('succeeded');
    const starts = [a.jobId, b.jobId].map((id) => getJob(db, id)!);
    expect(starts[1]!.startedAt! >= starts[0]!.finishedAt!).toBe(true);
  });

  it('bounds the progress event rate and persists the final state', async () => {
    const r = runner('inline');
    events.length = 0;
    const j = unwrap(r.start('selftest', { steps: 80 }));
    await r.idle();
    const progress = events.filter((e) => e.type === 'job' && e.job.jobId === j.jobId);
    expect(progress.length).toBeLessThan(40);
    expect(events.filter((e) => e.type === 'job-metric')).toHaveLength(80);
    expect(getJob(db, j.jobId)).toMatchObject({ state: 'succeeded', progress: { fraction: 1 }, checkpoint: { step: 80 } });
  });

  it('cancels a running job through its signal, and a queued job without running it', async () => {
    const r = runner('inline');
    const a = unwrap(r.start('selftest', { steps: 10_000, stepMs: 5 }));
    const b = unwrap(r.start('selftest', { steps: 1 }));
    expect(unwrap(r.cancel(b.jobId)).state).toBe('cancelled');
    await new Promise((res) => setTimeout(res, 100));
    unwrap(r.cancel(a.jobId));
    await r.idle();
    expect(getJob(db, a.jobId)).toMatchObject({ state: 'cancelled', resumable: true });
    expect(getJob(db, b.jobId)).toMatchObject({ state: 'cancelled', startedAt: null });
    expect(r.cancel(a.jobId).ok).toBe(false);
    expect(r.start('selftest', { steps: -1 }).ok).toBe(false);
    expect(r.start('nonesuch', {}).ok).toBe(false);
  });

  it('marks jobs interrupted after a crash and resumes them from the last checkpoint', async () => {
    const r = runner('inline');
    const j = unwrap(r.start('selftest', { steps: 30 }));
    await r.idle();
    // Pretend the app died while it ran: state back to running, checkpoint at step 12.
    db.prepare("UPDATE jobs SET state = 'running', finished_at = NULL WHERE id = ?").run(j.jobId);
    const { selftestCheckpoint } = await import('../../../src/main/jobs/kinds/selftest');
    const ctx = blobs.putSync(selftestCheckpoint(12, 4096), { encoding: 'raw' });
    db.prepare('UPDATE jobs SET checkpoint_step = 12, checkpoint_hash = ? WHERE id = ?').run(ctx.hash, j.jobId);
    const again = runner('inline');
    expect(again.recover()).toEqual([j.jobId]);
    expect(getJob(db, j.jobId)).toMatchObject({ state: 'interrupted', resumable: true, checkpoint: { step: 12 } });
    unwrap(again.resume(j.jobId));
    await again.idle();
    expect(getJob(db, j.jobId)).toMatchObject({ state: 'succeeded', result: { resumedFrom: 12 }, attempts: 2 });
    expect(jobLog(db, j.jobId).map((l) => l.message)).toContain('resuming after step 12');
  });

  it('runs jobs in a worker process: failures, cancellation and running out of memory end the job, not the app', async () => {
    const r = runner('fork', ['--max-old-space-size=32']);
    const ok = unwrap(r.start('selftest', { steps: 3 }));
    const failing = unwrap(r.start('selftest', { steps: 5, failAt: 2 }));
    const oom = unwrap(r.start('selftest', { steps: 1000, holdMbPerStep: 32 }));
    const cancelled = unwrap(r.start('selftest', { steps: 100_000, stepMs: 5 }));
    await new Promise((res) => {
      const t = setInterval(() => {
        if (getJob(db, cancelled.jobId)!.state === 'running') {
          clearInterval(t);
          res(undefined);
        }
      }, 50);
    });
    unwrap(r.cancel(cancelled.jobId));
    await r.idle();
    // The settings in force at the start travel to the worker process.
    expect(getJob(db, ok.jobId)).toMatchObject({ state: 'succeeded', result: { steps: 3, compute: { executionProvider: 'cpu', threads: 2 } } });
    expect(getJob(db, failing.jobId)).toMatchObject({ state: 'failed', error: 'deliberate failure at step 2' });
    const o = getJob(db, oom.jobId)!;
    expect(o.state).toBe('failed');
    expect(o.error).toMatch(/worker process .* ran out of memory; the app itself is unaffected/);
    expect(getJob(db, cancelled.jobId)!.state).toBe('cancelled');
  });
});
