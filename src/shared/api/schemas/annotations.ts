import { z } from 'zod';
import { AnnotationSourceSchema, AxialBoxSchema, GeometrySchema, IdSchema, LongText, ShortText, TimestampSchema } from './common';

export const AnnotationKindSchema = z.enum(['boxes', 'mask']);
export type AnnotationKind = z.infer<typeof AnnotationKindSchema>;

/**
 * One saved state of an annotation. Versions are never changed or deleted (only their review
 * flag): an edit, an undo or an AI re-run adds a version whose parent is the one it came from.
 */
export const AnnotationVersionSchema = z.strictObject({
  versionId: IdSchema,
  annotationId: IdSchema,
  parentVersionId: IdSchema.nullable(),
  author: z.string(),
  source: AnnotationSourceSchema,
  createdAt: TimestampSchema,
  /** Review decision: true accepted, false rejected, null not reviewed. */
  accepted: z.boolean().nullable(),
  note: z.string(),
  /** Boxes in a box version; null for masks. */
  boxCount: z.number().int().min(0).nullable(),
  /** Non-zero voxels of a mask version; null for boxes. */
  voxelCount: z.number().int().min(0).nullable(),
  /** SHA-256 of the content (mask bytes or canonical box JSON): equal hashes mean equal content. */
  contentHash: z.string(),
  /** Model that produced it (teacher/student versions). */
  modelId: IdSchema.nullable(),
});
export type AnnotationVersion = z.infer<typeof AnnotationVersionSchema>;

export const AnnotationSchema = z.strictObject({
  annotationId: IdSchema,
  seriesId: IdSchema,
  kind: AnnotationKindSchema,
  label: z.string(),
  createdAt: TimestampSchema,
  versionCount: z.number().int().min(1),
  head: AnnotationVersionSchema,
});
export type Annotation = z.infer<typeof AnnotationSchema>;

export const AnnotationRefSchema = z.strictObject({ annotationId: IdSchema });
export const VersionRefSchema = z.strictObject({ versionId: IdSchema });

/**
 * Common fields of a save. Omit annotationId to start a new annotation. When
 * parentVersionId is given it must be the annotation's current head, so two editors cannot
 * silently overwrite each other (the second save fails and says so).
 */
const saveFields = {
  seriesId: IdSchema,
  annotationId: IdSchema.optional(),
  parentVersionId: IdSchema.optional(),
  label: ShortText.optional(),
  author: ShortText.min(1),
  source: AnnotationSourceSchema,
  note: LongText.optional(),
  modelId: IdSchema.optional(),
};

export const SaveBoxesInputSchema = z.strictObject({
  ...saveFields,
  boxes: z.array(AxialBoxSchema).max(100_000),
});
export type SaveBoxesInput = z.infer<typeof SaveBoxesInputSchema>;

/** Metadata of a mask save; the bytes (Uint8, one per voxel of the case grid, i fastest) travel beside it. */
export const SaveMaskMetaSchema = z.strictObject(saveFields);
export type SaveMaskMeta = z.infer<typeof SaveMaskMetaSchema>;

export const SavedVersionSchema = z.strictObject({
  annotation: AnnotationSchema,
  version: AnnotationVersionSchema,
});

export const BoxesContentSchema = z.strictObject({
  version: AnnotationVersionSchema,
  /** The grid the boxes index (the case grid). */
  grid: GeometrySchema,
  boxes: z.array(AxialBoxSchema),
});

/** Metadata of a mask sent as binary: Uint8 labels on `geometry` (the case grid), i fastest. */
export const MaskMetaSchema = z.strictObject({
  version: AnnotationVersionSchema,
  geometry: GeometrySchema,
  voxelType: z.literal('uint8'),
});
export type MaskMeta = z.infer<typeof MaskMetaSchema>;

export const ReviewInputSchema = z.strictObject({
  versionId: IdSchema,
  /** true accept, false reject, null withdraw the decision. */
  accepted: z.boolean().nullable(),
  author: ShortText.min(1),
});

/** Undo by version: the old version's content becomes a new head (history is kept). */
export const RestoreInputSchema = z.strictObject({
  versionId: IdSchema,
  author: ShortText.min(1),
});
