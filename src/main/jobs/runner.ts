import type { ApiEvent, JobInfo, JobKindInfo } from '../../shared/api';
import { describeIssues } from '../../shared/api/validate';
import { CANCELLED, throttleProgress, type Progress } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import type { Db } from '../db/connection';
import * as repo from '../db/repos/jobs';
import type { JobExecutor } from './executor';
import type { ComputeSettings, JobKind } from './kind';

type Lane = 'compute' | 'io';

export interface JobRunnerOptions {
  readonly db: Db;
  readonly kinds: ReadonlyMap<string, JobKind>;
  readonly executor: JobExecutor;
  readonly emit: (event: ApiEvent) => void;
  /** Shortest interval between progress events (a tight loop must not flood the renderer). */
  readonly progressEventMs?: number;
  /** Shortest interval between progress writes to the database. */
  readonly progressSaveMs?: number;
  /** Execution provider and threads for a job starting now (from the settings). */
  readonly compute?: () => ComputeSettings;
}

/**
 * Queues and runs jobs: one at a time per lane (so a single compute job holds the GPU while
 * imports proceed in the io lane), state in the database at every transition, progress at a
 * bounded rate, cancellation through AbortSignal.
 */
export class JobRunner {
  private readonly queues: Record<Lane, number[]> = { compute: [], io: [] };
  private readonly active = new Map<number, { lane: Lane; controller: AbortController; done: Promise<void> }>();
  private readonly busy: Record<Lane, boolean> = { compute: false, io: false };
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: JobRunnerOptions) {}

  /** At start-up: jobs left running or queued by a crash are marked interrupted. */
  recover(): number[] {
    const ids = repo.markInterrupted(this.o.db);
    for (const id of ids) this.emitJob(id);
    return ids;
  }

  kindsInfo(): JobKindInfo[] {
    return [...this.o.kinds.values()].map((k) => ({ kind: k.kind, title: k.label, lane: k.lane, resumable: k.resumable }));
  }

  start(kindName: string, rawInput: unknown): Result<JobInfo> {
    const kind = this.o.kinds.get(kindName);
    if (!kind) {
      return fail(`job kind "${kindName}" is not available in this build (available: ${[...this.o.kinds.keys()].join(', ')})`);
    }
    const parsed = kind.input.safeParse(rawInput);
    if (!parsed.success) return fail(`invalid input for a ${kindName} job: ${describeIssues(parsed.error)}`);
    const job = repo.insertJob(this.o.db, { kind: kind.kind, title: kind.title(parsed.data), lane: kind.lane, input: parsed.data, resumable: kind.resumable });
    this.o.emit({ type: 'job', job });
    this.queues[kind.lane].push(job.jobId);
    this.pump(kind.lane);
    return ok(repo.getJob(this.o.db, job.jobId)!);
  }

  cancel(jobId: number): Result<JobInfo> {
    const job = repo.getJob(this.o.db, jobId);
    if (!job) return fail(`job ${jobId} does not exist`);
    const running = this.active.get(jobId);
    if (running) {
      running.controller.abort();
      return ok(job);
    }
    const q = this.queues[job.lane];
    const at = q.indexOf(jobId);
    if (at >= 0) {
      q.splice(at, 1);
      repo.markFinished(this.o.db, jobId, 'cancelled', { error: CANCELLED });
      return ok(this.emitJob(jobId));
    }
    return fail(`job ${jobId} is not queued or running (it is ${job.state})`);
  }

  resume(jobId: number): Result<JobInfo> {
    const job = repo.getJob(this.o.db, jobId);
    if (!job) return fail(`job ${jobId} does not exist`);
    if (!job.resumable) {
      return fail(`job ${jobId} (${job.kind}, ${job.state}) cannot be resumed; start a new ${job.kind} job with the same input instead`);
    }
    if (!this.o.kinds.has(job.kind)) return fail(`job kind "${job.kind}" is not available in this build`);
    repo.requeue(this.o.db, jobId);
    this.queues[job.lane].push(jobId);
    const info = this.emitJob(jobId);
    this.pump(job.lane);
    return ok(info);
  }

  /** Resolves when no job is queued or running (tests, orderly shutdown). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Cancels everything and waits for running jobs to stop. */
  async close(): Promise<void> {
    for (const lane of ['compute', 'io'] as const) {
      for (const id of this.queues[lane].splice(0)) repo.markFinished(this.o.db, id, 'cancelled', { error: 'LungTS was closed' });
    }
    for (const a of this.active.values()) a.controller.abort();
    await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private isIdle(): boolean {
    return this.active.size === 0 && this.queues.compute.length === 0 && this.queues.io.length === 0;
  }

  private emitJob(jobId: number): JobInfo {
    const job = repo.getJob(this.o.db, jobId)!;
    this.o.emit({ type: 'job', job });
    return job;
  }

  private pump(lane: Lane): void {
    if (this.busy[lane]) return;
    const jobId = this.queues[lane].shift();
    if (jobId === undefined) {
      if (this.isIdle()) this.idleWaiters.splice(0).forEach((r) => r());
      return;
    }
    this.busy[lane] = true;
    const controller = new AbortController();
    const done = this.run(jobId, controller).finally(() => {
      this.active.delete(jobId);
      this.busy[lane] = false;
      this.pump(lane);
    });
    this.active.set(jobId, { lane, controller, done });
  }

  private async run(jobId: number, controller: AbortController): Promise<void> {
    const { db } = this.o;
    repo.markStarted(db, jobId);
    const job = this.emitJob(jobId);
    let lastSave = 0;
    let latest: Progress | undefined;
    const toEvent = throttleProgress((p) => this.o.emit({ type: 'job', job: { ...job, progress: clampProgress(p) } }), this.o.progressEventMs ?? 250);
    const onProgress = (p: Progress) => {
      latest = clampProgress(p);
      const now = Date.now();
      if (now - lastSave >= (this.o.progressSaveMs ?? 1000)) {
        lastSave = now;
        repo.saveProgress(db, jobId, latest);
      }
      toEvent(latest);
    };
    const result = await this.o.executor.execute(
      { jobId, kind: job.kind, input: job.input, compute: this.o.compute?.() ?? { executionProvider: 'auto', threads: 0 } },
      {
        onProgress,
        onLog: (entry) => this.o.emit({ type: 'job-log', jobId, entry }),
        onMetric: (point) => this.o.emit({ type: 'job-metric', jobId, point }),
        onCheckpoint: () => undefined,
        onNotify: (event) => this.o.emit(event),
      },
      controller.signal,
    );
    if (latest) repo.saveProgress(db, jobId, latest);
    if (result.ok) {
      repo.saveProgress(db, jobId, { stage: 'done', fraction: 1, message: 'finished' });
      repo.markFinished(db, jobId, 'succeeded', { result: result.value ?? null });
    } else if (controller.signal.aborted || result.error === CANCELLED) {
      repo.markFinished(db, jobId, 'cancelled', { error: CANCELLED });
    } else {
      repo.markFinished(db, jobId, 'failed', { error: result.error });
    }
    this.emitJob(jobId);
  }
}

function clampProgress(p: Progress): Progress {
  const f = Number.isFinite(p.fraction) ? Math.min(1, Math.max(0, p.fraction)) : 0;
  return { stage: p.stage, fraction: f, message: p.message };
}
