import { z } from 'zod';
import { IdSchema } from './common';
import { JobInfoSchema, JobLogEntrySchema, JobMetricPointSchema } from './jobs';
import { SettingsViewSchema } from './settings';

/**
 * Everything main tells the renderer without being asked. Events are hints to refresh and
 * live progress; the requests stay the source of truth (an event missed while a browser
 * reconnects loses nothing that a re-list would not show).
 */
export const ApiEventSchema = z.discriminatedUnion('type', [
  /** A job was queued, started, progressed (at a bounded rate) or finished. */
  z.strictObject({ type: z.literal('job'), job: JobInfoSchema }),
  z.strictObject({ type: z.literal('job-log'), jobId: IdSchema, entry: JobLogEntrySchema }),
  /** A training curve point (loss, validation loss, Dice...). */
  z.strictObject({ type: z.literal('job-metric'), jobId: IdSchema, point: JobMetricPointSchema }),
  /** Cases were added or removed (e.g. an import committed). */
  z.strictObject({ type: z.literal('cases-changed'), seriesIds: z.array(IdSchema) }),
  /** An annotation of a case got a new version or review decision. */
  z.strictObject({ type: z.literal('annotations-changed'), seriesId: IdSchema, annotationId: IdSchema }),
  z.strictObject({ type: z.literal('models-changed') }),
  z.strictObject({ type: z.literal('datasets-changed') }),
  z.strictObject({ type: z.literal('evaluations-changed') }),
  z.strictObject({ type: z.literal('settings-changed'), view: SettingsViewSchema }),
  /** A menu item of the desktop app the renderer carries out (the browser has no such menu). */
  z.strictObject({ type: z.literal('menu'), command: z.enum(['import-folder', 'import-files', 'open-settings', 'about']) }),
]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;
