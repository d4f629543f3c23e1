import { z } from 'zod';
import { IdSchema } from './common';

/**
 * Inputs of the job kinds the app knows by name. The renderer builds these; main checks them
 * again with the same schema. A kind listed here may not be registered yet in a given build:
 * `jobs.kinds` says which are; `jobs.start` of an unregistered kind fails with a message.
 * Pipeline code adds fields additively (optional) so older renderers keep working.
 */
export const ImportJobInputSchema = z.strictObject({
  /** Files or folders (searched recursively) holding DICOM, NIfTI or Lung-PET-CT-Dx box XML. */
  paths: z.array(z.string().min(1)).min(1).max(10_000),
  /** copy: pixels are compressed into the data folder; reference: read from the original files. */
  mode: z.enum(['copy', 'reference']).default('copy'),
});

export const LungMaskJobInputSchema = z.strictObject({ seriesId: IdSchema });

/** Box-guided teacher on one case: turns the boxes into a mask version (source "teacher"). */
export const TeacherJobInputSchema = z.strictObject({
  seriesId: IdSchema,
  /** Box version to use; default: head of the case's first box annotation. */
  boxesVersionId: IdSchema.optional(),
  /** Teacher model; default: the active teacher. */
  modelId: IdSchema.optional(),
});

/** Fully automatic student on one case (source "student"). */
export const SegmentJobInputSchema = z.strictObject({
  seriesId: IdSchema,
  modelId: IdSchema.optional(),
});

export const PseudoLabelJobInputSchema = z.strictObject({
  datasetId: IdSchema,
  modelId: IdSchema.optional(),
});

export const TrainJobInputSchema = z.strictObject({
  datasetId: IdSchema,
  role: z.enum(['teacher', 'student']),
  epochs: z.number().int().min(1).max(10_000).optional(),
  /** Model to start from (fine-tuning); default: fresh weights. */
  baseModelId: IdSchema.optional(),
  name: z.string().max(200).optional(),
});

export const EvaluateJobInputSchema = z.strictObject({
  modelId: IdSchema,
  datasetId: IdSchema,
  split: z.enum(['train', 'val', 'test']).default('test'),
});

/** One entry of an import's report: what was not imported and why. */
export const ImportSkipSchema = z.strictObject({
  path: z.string(),
  reason: z.string(),
});

/** The result of an import job. */
export const ImportReportSchema = z.strictObject({
  filesScanned: z.number().int().min(0),
  patientsAdded: z.number().int().min(0),
  studiesAdded: z.number().int().min(0),
  seriesAdded: z.array(z.strictObject({ seriesId: IdSchema, seriesUid: z.string(), description: z.string(), slices: z.number().int() })),
  /** Series already in the database (same SeriesInstanceUID): not imported again. */
  duplicates: z.array(z.strictObject({ seriesUid: z.string(), seriesId: IdSchema, path: z.string() })),
  boxesAttached: z.number().int().min(0),
  /** Ground-truth masks (DICOM SEG) attached as imported annotations. */
  masksAttached: z.number().int().min(0).optional(),
  skipped: z.array(ImportSkipSchema),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** Kind name -> input schema, for the kinds above. */
export const KNOWN_JOB_INPUTS = {
  import: ImportJobInputSchema,
  lungmask: LungMaskJobInputSchema,
  teacher: TeacherJobInputSchema,
  segment: SegmentJobInputSchema,
  'pseudo-label': PseudoLabelJobInputSchema,
  train: TrainJobInputSchema,
  evaluate: EvaluateJobInputSchema,
} as const;
export type KnownJobKind = keyof typeof KNOWN_JOB_INPUTS;
export type KnownJobInput<K extends KnownJobKind> = z.input<(typeof KNOWN_JOB_INPUTS)[K]>;
