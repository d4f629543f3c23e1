import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

/** Metrics of the paper: Dice, object-wise F1 (>= 25% overlap), Dice over true positives. */
export const MetricsSchema = z.strictObject({
  dice: z.number().nullable(),
  f1: z.number().nullable(),
  diceTp: z.number().nullable(),
});

export const EvaluationSchema = z.strictObject({
  evaluationId: IdSchema,
  modelId: IdSchema.nullable(),
  datasetId: IdSchema.nullable(),
  jobId: IdSchema.nullable(),
  split: z.string(),
  createdAt: TimestampSchema,
  caseCount: z.number().int().min(0),
  /** Mean over cases. */
  summary: MetricsSchema,
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const EvaluationCaseSchema = z.strictObject({
  seriesId: IdSchema,
  patientKey: z.string(),
  metrics: MetricsSchema,
  /** Mask versions compared, to open the case with prediction and truth overlaid. */
  predictionVersionId: IdSchema.nullable(),
  truthVersionId: IdSchema.nullable(),
  /** Other per-case figures (tumour counts, volumes). */
  extra: z.record(z.string(), z.number()),
});
export type EvaluationCase = z.infer<typeof EvaluationCaseSchema>;

export const EvaluationRefSchema = z.strictObject({ evaluationId: IdSchema });
export const EvaluationDetailSchema = z.strictObject({
  evaluation: EvaluationSchema,
  cases: z.array(EvaluationCaseSchema),
});
