import type { ApiEvent, JobLogEntry, JobMetricPoint } from '../../shared/api';
import type { BlobStore } from '../db/blobs';
import { nowIso, type Db } from '../db/connection';
import { appendLog, appendMetric, checkpointOf, saveCheckpoint } from '../db/repos/jobs';
import { join } from 'node:path';
import type { ComputeSettings, JobContext } from './kind';

export interface ContextHooks {
  readonly onLog: (entry: JobLogEntry) => void;
  readonly onMetric: (point: JobMetricPoint) => void;
  readonly onCheckpoint: (step: number) => void;
  readonly onNotify: (event: ApiEvent) => void;
}

/**
 * Builds a job's context on a given connection. Log lines, curve points and checkpoints are
 * written to the database here, in the process that runs the job, so they survive that
 * process's parent crashing; the hooks only forward them as events.
 */
export function createJobContext(jobId: number, db: Db, blobs: BlobStore, dataDir: string, compute: ComputeSettings, hooks: ContextHooks): JobContext {
  const cp = checkpointOf(db, jobId);
  let resumeFrom: JobContext['resumeFrom'];
  if (cp) {
    const bytes = blobs.getSync(cp.hash);
    if (bytes.ok) resumeFrom = { step: cp.step, bytes: bytes.value };
    else hooks.onLog({ at: nowIso(), level: 'warn', message: `checkpoint of step ${cp.step} cannot be read (${bytes.error}); starting over` });
  }
  return {
    jobId,
    db,
    blobs,
    dataDir,
    workDir: join(dataDir, 'jobs', String(jobId)),
    compute,
    resumeFrom,
    saveCheckpoint(step, bytes) {
      const ref = blobs.putSync(bytes, { encoding: 'raw' });
      saveCheckpoint(db, jobId, step, ref.hash);
      hooks.onCheckpoint(step);
    },
    log(level, message) {
      const entry = { at: nowIso(), level, message };
      appendLog(db, jobId, entry);
      hooks.onLog(entry);
    },
    metric(step, values) {
      const point = { step, at: nowIso(), values };
      appendMetric(db, jobId, point);
      hooks.onMetric(point);
    },
    notify: hooks.onNotify,
  };
}
