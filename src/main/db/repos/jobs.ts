import type { JobInfo, JobLogEntry, JobMetricPoint, JobState } from '../../../shared/api';
import { nowIso, type Db } from '../connection';

interface JobRow {
  id: number;
  kind: string;
  title: string;
  lane: 'compute' | 'io';
  state: JobState;
  input: string;
  stage: string;
  fraction: number;
  message: string;
  result: string | null;
  error: string | null;
  attempts: number;
  resumable: 0 | 1;
  checkpoint_step: number | null;
  checkpoint_hash: string | null;
  checkpoint_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const RESUMABLE_STATES: readonly JobState[] = ['interrupted', 'cancelled', 'failed'];

function toJob(r: JobRow): JobInfo {
  return {
    jobId: r.id,
    kind: r.kind,
    title: r.title,
    lane: r.lane,
    state: r.state,
    input: JSON.parse(r.input) as JobInfo['input'],
    progress: { stage: r.stage, fraction: r.fraction, message: r.message },
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    result: r.result === null ? null : (JSON.parse(r.result) as JobInfo['result']),
    attempts: r.attempts,
    checkpoint: r.checkpoint_step === null || r.checkpoint_at === null ? null : { step: r.checkpoint_step, at: r.checkpoint_at },
    resumable: r.resumable === 1 && RESUMABLE_STATES.includes(r.state),
  };
}

export function insertJob(db: Db, j: { kind: string; title: string; lane: 'compute' | 'io'; input: unknown; resumable: boolean }): JobInfo {
  const row = db
    .prepare(`INSERT INTO jobs (kind, title, lane, state, input, resumable, created_at) VALUES (?, ?, ?, 'queued', ?, ?, ?) RETURNING *`)
    .get(j.kind, j.title, j.lane, JSON.stringify(j.input ?? null), j.resumable ? 1 : 0, nowIso()) as JobRow;
  return toJob(row);
}

export function getJob(db: Db, jobId: number): JobInfo | undefined {
  const r = db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  return r && toJob(r);
}

export function listJobs(db: Db, q: { states?: readonly JobState[]; kind?: string; limit?: number }): JobInfo[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.states?.length) {
    where.push(`state IN (${q.states.map(() => '?').join(',')})`);
    params.push(...q.states);
  }
  if (q.kind) {
    where.push('kind = ?');
    params.push(q.kind);
  }
  const sql = `SELECT * FROM jobs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
  return (db.prepare(sql).all(...params, q.limit ?? 200) as JobRow[]).map(toJob);
}

export function markStarted(db: Db, jobId: number): void {
  db.prepare(`UPDATE jobs SET state = 'running', started_at = ?, attempts = attempts + 1, error = NULL WHERE id = ?`).run(nowIso(), jobId);
}

export function saveProgress(db: Db, jobId: number, p: { stage: string; fraction: number; message: string }): void {
  db.prepare('UPDATE jobs SET stage = ?, fraction = ?, message = ? WHERE id = ?').run(p.stage, p.fraction, p.message, jobId);
}

export function markFinished(db: Db, jobId: number, state: Exclude<JobState, 'queued' | 'running'>, outcome: { result?: unknown; error?: string }): void {
  db.prepare('UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ? WHERE id = ?').run(
    state,
    outcome.result === undefined ? null : JSON.stringify(outcome.result),
    outcome.error ?? null,
    nowIso(),
    jobId,
  );
}

/** Puts a job back in the queue (a resume keeps its checkpoint and attempt count). */
export function requeue(db: Db, jobId: number): void {
  db.prepare(`UPDATE jobs SET state = 'queued', finished_at = NULL, error = NULL WHERE id = ?`).run(jobId);
}

export function saveCheckpoint(db: Db, jobId: number, step: number, hash: string): void {
  db.prepare('UPDATE jobs SET checkpoint_step = ?, checkpoint_hash = ?, checkpoint_at = ? WHERE id = ?').run(step, hash, nowIso(), jobId);
}

export function checkpointOf(db: Db, jobId: number): { step: number; hash: string } | undefined {
  const r = db.prepare('SELECT checkpoint_step AS step, checkpoint_hash AS hash FROM jobs WHERE id = ? AND checkpoint_hash IS NOT NULL').get(jobId) as
    | { step: number; hash: string }
    | undefined;
  return r;
}

/**
 * After a crash: every job that was running (or queued) when the app stopped is marked
 * interrupted, so the user sees what did not finish; resumable ones can continue from their
 * checkpoint. Returns the ids it marked.
 */
export function markInterrupted(db: Db): number[] {
  const rows = db
    .prepare(`UPDATE jobs SET state = 'interrupted', finished_at = ?, error = 'LungTS stopped while this job was running or waiting'
              WHERE state IN ('running', 'queued') RETURNING id`)
    .all(nowIso()) as { id: number }[];
  return rows.map((r) => r.id);
}

export function appendLog(db: Db, jobId: number, entry: JobLogEntry): void {
  db.prepare('INSERT INTO job_logs (job_id, at, level, message) VALUES (?, ?, ?, ?)').run(jobId, entry.at, entry.level, entry.message);
}

export function jobLog(db: Db, jobId: number, limit = 5000): JobLogEntry[] {
  return db.prepare('SELECT at, level, message FROM (SELECT * FROM job_logs WHERE job_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id').all(jobId, limit) as JobLogEntry[];
}

export function appendMetric(db: Db, jobId: number, point: JobMetricPoint): void {
  db.prepare('INSERT OR REPLACE INTO job_metrics (job_id, step, at, vals) VALUES (?, ?, ?, ?)').run(jobId, point.step, point.at, JSON.stringify(point.values));
}

export function jobMetrics(db: Db, jobId: number): JobMetricPoint[] {
  return (db.prepare('SELECT step, at, vals FROM job_metrics WHERE job_id = ? ORDER BY step').all(jobId) as { step: number; at: string; vals: string }[]).map(
    (r) => ({ step: r.step, at: r.at, values: JSON.parse(r.vals) as Record<string, number> }),
  );
}
