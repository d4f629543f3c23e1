import { z } from 'zod';
import { IdSchema, JsonSchema, TimestampSchema } from './common';

export const JobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof JobStateSchema>;

/** Finished states: a job in one of these never changes again (except interrupted -> resumed). */
export const FINISHED_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/**
 * Which queue a job waits in: one `compute` job (GPU/CPU-bound: networks, training) runs at a
 * time; `io` jobs (import, export) have their own queue so an import is not stuck behind a
 * 20-minute training.
 */
export const JobLaneSchema = z.enum(['compute', 'io']);

export const JobProgressSchema = z.strictObject({
  stage: z.string(),
  fraction: z.number().min(0).max(1),
  message: z.string(),
});

export const JobInfoSchema = z.strictObject({
  jobId: IdSchema,
  kind: z.string(),
  title: z.string(),
  lane: JobLaneSchema,
  state: JobStateSchema,
  input: JsonSchema,
  progress: JobProgressSchema,
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
  /** Why it failed or was interrupted. */
  error: z.string().nullable(),
  /** The kind's result (e.g. an import report), once succeeded. */
  result: JsonSchema.nullable(),
  /** Runs so far (a resume adds one). */
  attempts: z.number().int().min(0),
  /** The last checkpoint a resumable job saved. */
  checkpoint: z.strictObject({ step: z.number().int().min(0), at: TimestampSchema }).nullable(),
  /** True when `jobs.resume` would continue it (interrupted/cancelled/failed and resumable). */
  resumable: z.boolean(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

export const JobLogEntrySchema = z.strictObject({
  at: TimestampSchema,
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
});
export type JobLogEntry = z.infer<typeof JobLogEntrySchema>;

export const JobDetailSchema = z.strictObject({
  job: JobInfoSchema,
  log: z.array(JobLogEntrySchema),
});

/** One point of a training curve: step (e.g. epoch) and named values (loss, valLoss, dice...). */
export const JobMetricPointSchema = z.strictObject({
  step: z.number().int().min(0),
  at: TimestampSchema,
  values: z.record(z.string(), z.number()),
});
export type JobMetricPoint = z.infer<typeof JobMetricPointSchema>;

export const JobKindInfoSchema = z.strictObject({
  kind: z.string(),
  title: z.string(),
  lane: JobLaneSchema,
  resumable: z.boolean(),
});

export type JobKindInfo = z.infer<typeof JobKindInfoSchema>;

export const JobRefSchema = z.strictObject({ jobId: IdSchema });

export const JobListInputSchema = z.strictObject({
  states: z.array(JobStateSchema).optional(),
  kind: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
});

/** `input` is checked against the kind's own schema in main (see job-inputs.ts). */
export const JobStartInputSchema = z.strictObject({
  kind: z.string().min(1).max(64),
  input: JsonSchema,
});
