import { fail, ok } from '../../../shared/result';
import { getJob, jobLog, jobMetrics, listJobs } from '../../db/repos/jobs';
import type { AppCore } from '../core';
import type { HandlerMap } from './types';

export function jobHandlers(app: AppCore): HandlerMap<'jobs.kinds' | 'jobs.start' | 'jobs.cancel' | 'jobs.resume' | 'jobs.list' | 'jobs.get' | 'jobs.metrics'> {
  const exists = (jobId: number) => getJob(app.db, jobId) !== undefined;
  return {
    'jobs.kinds': async () => ok(app.runner.kindsInfo()),
    'jobs.start': async ({ kind, input }) => app.runner.start(kind, input),
    'jobs.cancel': async ({ jobId }) => app.runner.cancel(jobId),
    'jobs.resume': async ({ jobId }) => app.runner.resume(jobId),
    'jobs.list': async (q) => ok(listJobs(app.db, q)),
    'jobs.get': async ({ jobId }) => {
      const job = getJob(app.db, jobId);
      return job ? ok({ job, log: jobLog(app.db, jobId) }) : fail(`job ${jobId} does not exist`);
    },
    'jobs.metrics': async ({ jobId }) => (exists(jobId) ? ok(jobMetrics(app.db, jobId)) : fail(`job ${jobId} does not exist`)),
  };
}
