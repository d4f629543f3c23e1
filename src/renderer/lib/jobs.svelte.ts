import { SvelteMap } from 'svelte/reactivity';
import { FINISHED_JOB_STATES, type JobInfo } from '../../shared/api';
import { fail, ok, type Result } from '../../shared/result';
import { api } from './api';
import { onApiEvent } from './events';

type KindInfo = { kind: string; title: string; lane: string; resumable: boolean };

/**
 * Every job the page knows of, kept current by the event stream (with a re-list as the source
 * of truth when the stream reconnects or a screen opens).
 */
class JobTracker {
  readonly jobs = new SvelteMap<number, JobInfo>();
  kinds = $state<KindInfo[]>([]);
  private waiters = new Map<number, ((j: JobInfo) => void)[]>();
  private started = false;

  init(): void {
    if (this.started) return;
    this.started = true;
    onApiEvent((e) => {
      if (e.type === 'job') this.update(e.job);
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const [list, kinds] = await Promise.all([api.call('jobs.list', { limit: 200 }), api.call('jobs.kinds', {})]);
    if (list.ok) for (const j of list.value) this.update(j);
    if (kinds.ok) this.kinds = kinds.value;
  }

  has(kind: string): boolean {
    return this.kinds.some((k) => k.kind === kind);
  }

  update(job: JobInfo): void {
    this.jobs.set(job.jobId, job);
    if (FINISHED_JOB_STATES.includes(job.state)) {
      const w = this.waiters.get(job.jobId);
      this.waiters.delete(job.jobId);
      w?.forEach((resolve) => resolve(job));
    }
  }

  async start(kind: string, input: unknown): Promise<Result<JobInfo>> {
    if (!this.has(kind)) {
      await this.refresh();
      if (!this.has(kind)) return fail(`this build cannot run "${kind}" jobs yet (not registered by main)`);
    }
    const r = await api.call('jobs.start', { kind, input: input as never });
    if (r.ok) this.update(r.value);
    return r;
  }

  /** Resolves when the job reaches a finished state (polls as well, in case an event is lost). */
  waitFor(jobId: number): Promise<JobInfo> {
    const known = this.jobs.get(jobId);
    if (known && FINISHED_JOB_STATES.includes(known.state)) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.waiters.get(jobId) ?? [];
      list.push(resolve);
      this.waiters.set(jobId, list);
      const poll = async (): Promise<void> => {
        if (!this.waiters.has(jobId)) return;
        const r = await api.call('jobs.get', { jobId });
        if (r.ok) this.update(r.value.job);
        if (this.waiters.has(jobId)) setTimeout(() => void poll(), 2000);
      };
      setTimeout(() => void poll(), 2000);
    });
  }

  async cancel(jobId: number): Promise<Result<JobInfo>> {
    const r = await api.call('jobs.cancel', { jobId });
    if (r.ok) this.update(r.value);
    return r;
  }

  async resume(jobId: number): Promise<Result<JobInfo>> {
    const r = await api.call('jobs.resume', { jobId });
    if (r.ok) this.update(r.value);
    return r;
  }

  /** Jobs not finished yet, newest first, for the job tray. */
  get active(): JobInfo[] {
    return [...this.jobs.values()].filter((j) => !FINISHED_JOB_STATES.includes(j.state)).sort((a, b) => b.jobId - a.jobId);
  }
}

export const jobTracker = new JobTracker();

/** Runs a job to its end; the failure message says why it did not succeed. */
export async function runJob(kind: string, input: unknown, onStart?: (j: JobInfo) => void): Promise<Result<JobInfo>> {
  const started = await jobTracker.start(kind, input);
  if (!started.ok) return started;
  onStart?.(started.value);
  const done = await jobTracker.waitFor(started.value.jobId);
  if (done.state === 'succeeded') return ok(done);
  return fail(done.state === 'cancelled' ? `${done.title}: cancelled` : `${done.title}: ${done.error ?? done.state}`);
}
