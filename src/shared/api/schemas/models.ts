import { z } from 'zod';
import { IdSchema, JsonSchema, TimestampSchema } from './common';

export const ModelRoleSchema = z.enum(['teacher', 'student', 'lungmask']);
export type ModelRole = z.infer<typeof ModelRoleSchema>;

/** A model the app can run: one is active per role. */
export const ModelInfoSchema = z.strictObject({
  modelId: IdSchema,
  name: z.string(),
  role: ModelRoleSchema,
  active: z.boolean(),
  createdAt: z.string(),
  /** The ONNX file. */
  file: z.string(),
  /** Network spec (channels, levels, dual output...) as the engine defines it. */
  spec: JsonSchema,
  /** Where it came from: shipped, trained here (job id, dataset), imported (path). */
  provenance: JsonSchema,
  /** Headline metrics from its card or evaluation (dice, f1, diceTp...). */
  metrics: z.record(z.string(), z.number()),
  /** True when trained on synthetic phantoms only (demo and test use). */
  synthetic: z.boolean(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const ModelListInputSchema = z.strictObject({ role: ModelRoleSchema.optional() });
export const ModelRefSchema = z.strictObject({ modelId: IdSchema });

export const ModelCardSchema = z.strictObject({
  modelId: IdSchema,
  /** The model card JSON (spec, training data, metrics, intended use). */
  card: JsonSchema,
  registeredAt: TimestampSchema,
});

/** Register a LungTS model file (ONNX with its card embedded, as the engine exports it). */
export const ModelImportInputSchema = z.strictObject({
  file: z.string().min(1),
  /** Default: from the network (2 input channels: teacher, 1: student). */
  role: ModelRoleSchema.optional(),
  activate: z.boolean().optional(),
});
