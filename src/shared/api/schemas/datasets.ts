import { z } from 'zod';
import { IdSchema, LongText, ShortText, TimestampSchema } from './common';

/** strong: a voxel mask is the label; weak: only boxes (the teacher makes the mask). */
export const StrengthSchema = z.enum(['strong', 'weak']);
export const SplitSchema = z.enum(['train', 'val', 'test']);

export const DatasetSchema = z.strictObject({
  datasetId: IdSchema,
  name: z.string(),
  description: z.string(),
  createdAt: TimestampSchema,
  counts: z.strictObject({
    strong: z.number().int().min(0),
    weak: z.number().int().min(0),
    train: z.number().int().min(0),
    val: z.number().int().min(0),
    test: z.number().int().min(0),
  }),
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const DatasetMemberSchema = z.strictObject({
  seriesId: IdSchema,
  strength: StrengthSchema,
  /** null: not assigned yet (training assigns splits by patient). */
  split: SplitSchema.nullable(),
});
export type DatasetMember = z.infer<typeof DatasetMemberSchema>;

export const DatasetCreateInputSchema = z.strictObject({
  name: ShortText.min(1),
  description: LongText.optional(),
});
export const DatasetRefSchema = z.strictObject({ datasetId: IdSchema });

export const SetMembersInputSchema = z.strictObject({
  datasetId: IdSchema,
  members: z.array(DatasetMemberSchema).max(1_000_000),
  /** true: the list replaces all members; false: adds or updates the listed ones. */
  replace: z.boolean(),
});
