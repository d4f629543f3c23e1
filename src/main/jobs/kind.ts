import type { z } from 'zod';
import type { ApiEvent, ExecutionProvider, JobLogEntry } from '../../shared/api';
import type { ProgressSink } from '../../shared/job';
import type { Result } from '../../shared/result';
import type { BlobStore } from '../db/blobs';
import type { Db } from '../db/connection';

/**
 * What a job may use besides its input: the database and blob store of the process it runs
 * in (a worker process has its own connection to the same files), its saved checkpoint when
 * resumed, and channels for log lines, curve points and checkpoints.
 */
/** How compute-heavy kinds should run, from the user's settings when the job started. */
export interface ComputeSettings {
  readonly executionProvider: ExecutionProvider;
  /** 0: let the runtime decide. */
  readonly threads: number;
}

export interface JobContext {
  readonly jobId: number;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly dataDir: string;
  /**
   * A folder for this job's own files (e.g. a training run directory), the same path on every
   * attempt, so a resumed job finds what the interrupted one wrote. Created on first use.
   */
  readonly workDir: string;
  readonly compute: ComputeSettings;
  /** The last checkpoint when the job resumes, else undefined. */
  readonly resumeFrom: { readonly step: number; readonly bytes: Uint8Array } | undefined;
  /**
   * Stores a checkpoint durably (blob written and fsynced, then the job row updated) before it
   * returns; a crash after this call resumes from here.
   */
  saveCheckpoint(step: number, bytes: Uint8Array): void;
  log(level: JobLogEntry['level'], message: string): void;
  metric(step: number, values: Record<string, number>): void;
  /** Tells the renderer about a committed change (e.g. cases-changed after an import). */
  notify(event: ApiEvent): void;
}

/**
 * A kind of job. `run` follows src/shared/job.ts JobRun (with a real AbortSignal, which the
 * I/O readers take) plus the context; results the user
 * keeps are committed by `run` itself, in transactions, before it returns.
 */
export interface JobKind<I = unknown> {
  readonly kind: string;
  /** A human name for menus and job lists, e.g. "Import". */
  readonly label: string;
  readonly lane: 'compute' | 'io';
  /** True when `run` continues from `ctx.resumeFrom` (training). */
  readonly resumable: boolean;
  readonly input: z.ZodType<I>;
  title(input: I): string;
  run(input: I, progress: ProgressSink, signal: AbortSignal, ctx: JobContext): Promise<Result<unknown>>;
}

/** Helps a kind keep its input type while being listed with others. */
export function defineJobKind<I>(kind: JobKind<I>): JobKind<unknown> {
  return kind as unknown as JobKind<unknown>;
}
