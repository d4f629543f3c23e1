import { z } from 'zod';
import { AnnotationSourceSchema, GeometrySchema, IdSchema, TimestampSchema } from './common';

/** Where a series' pixels live: copied into the app's data folder, or read from the original files. */
export const StorageSchema = z.enum(['imported', 'referenced']);

/**
 * What has been done on a case, for the case browser's status column. "Heads" are the
 * newest version of each annotation; older versions never count.
 */
export const CaseStatusSchema = z.strictObject({
  /** Boxes in the head versions of the case's box annotations. */
  boxCount: z.number().int().min(0),
  /** Mask annotations on the case. */
  maskCount: z.number().int().min(0),
  /** Distinct sources of the mask heads (manual, teacher, student, imported). */
  maskSources: z.array(AnnotationSourceSchema),
  /** Mask heads a reviewer accepted. */
  acceptedMasks: z.number().int().min(0),
  /** Mask heads made by a network (teacher or student) and not yet accepted or rejected. */
  pendingPredictions: z.number().int().min(0),
});
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

/** One row of the case browser: an image series with its study and patient. */
export const CaseSummarySchema = z.strictObject({
  seriesId: IdSchema,
  seriesUid: z.string(),
  seriesNumber: z.number().int().nullable(),
  seriesDescription: z.string(),
  modality: z.string(),
  slices: z.number().int().min(0),
  studyId: IdSchema,
  studyUid: z.string(),
  studyDate: z.string(),
  studyDescription: z.string(),
  patientId: IdSchema,
  /** DICOM PatientID (or a name derived from a NIfTI file). */
  patientKey: z.string(),
  patientName: z.string(),
  storage: StorageSchema,
  importedAt: TimestampSchema,
  status: CaseStatusSchema,
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export const CaseFilterSchema = z.enum(['all', 'no-boxes', 'boxes', 'masks', 'pending', 'accepted']);

export const CaseListInputSchema = z.strictObject({
  /** Matched (case-insensitively) against patient id/name, descriptions and UIDs. */
  search: z.string().max(200).optional(),
  filter: CaseFilterSchema.optional(),
  patientId: IdSchema.optional(),
  sort: z.enum(['patient', 'imported', 'study-date']).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(50_000).optional(),
});
export type CaseListInput = z.infer<typeof CaseListInputSchema>;

export const CaseListSchema = z.strictObject({
  /** Rows matching the search and filter, before offset/limit. */
  total: z.number().int().min(0),
  cases: z.array(CaseSummarySchema),
});

export const PatientSummarySchema = z.strictObject({
  patientId: IdSchema,
  patientKey: z.string(),
  patientName: z.string(),
  studies: z.number().int().min(0),
  series: z.number().int().min(0),
});

/** One case in full: its summary, the grid the app works on, and where it came from. */
export const CaseDetailSchema = z.strictObject({
  summary: CaseSummarySchema,
  /** The grid `volume.get`, masks and boxes use: the CT reoriented to LPS. */
  geometry: GeometrySchema,
  /** The grid of the original files (exports go back to it). */
  nativeGeometry: GeometrySchema,
  /** For each slice k of `geometry`, the DICOM SOPInstanceUID it came from (null: not DICOM). */
  sliceUids: z.array(z.string().nullable()),
  sourceFormat: z.enum(['dicom', 'nifti']),
  /** Original files (DICOM slices or the NIfTI file). */
  sourcePaths: z.array(z.string()),
  frameOfReferenceUid: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

export const SeriesRefSchema = z.strictObject({ seriesId: IdSchema });

/** Metadata of the CT volume sent as binary: Int16 Hounsfield units on `geometry`, i fastest. */
export const VolumeMetaSchema = z.strictObject({
  seriesId: IdSchema,
  geometry: GeometrySchema,
  voxelType: z.literal('int16'),
  /** Minimum and maximum value, for an initial window. */
  range: z.tuple([z.number(), z.number()]),
});
export type VolumeMeta = z.infer<typeof VolumeMetaSchema>;
