import { z } from 'zod';
import { fail, ok, type Result } from '../result';
import { SPEC_VERSION, validateSpec, type UNetSpec } from './spec';

/**
 * What travels with every model file and checkpoint: the exact network, where its weights came
 * from and how good they were measured to be. A reader refuses a card from a newer version
 * (fields it does not understand could change the meaning) and a spec that fails validation.
 */
export const MODEL_CARD_VERSION = 1;

const headSchema = z.object({ name: z.string(), outChannels: z.number().int().positive() });

export const unetSpecSchema = z.object({
  format: z.literal('lungts-unet'),
  specVersion: z.number().int(),
  name: z.string(),
  inChannels: z.number().int().positive(),
  channels: z.array(z.number().int().positive()).min(2),
  strides: z.array(z.number().int()).min(1),
  kernelSize: z.literal(3),
  norm: z.object({ kind: z.literal('instance'), affine: z.boolean(), eps: z.number().positive() }),
  act: z.object({ kind: z.literal('prelu'), perChannel: z.boolean(), init: z.number() }),
  heads: z.array(headSchema).min(1),
});

export const provenanceSchema = z.object({
  /** trained here, imported from another framework's file, or freshly initialised */
  source: z.enum(['trained', 'imported', 'initialised']),
  /** Human description of the data (e.g. "synthetic thorax phantoms, 40 cases"). */
  data: z.string().default(''),
  /** True when trained on synthetic data only: such models are for demos and tests. */
  syntheticOnly: z.boolean().default(false),
  trainingSteps: z.number().int().nonnegative().default(0),
  /** Optimiser updates (a step accumulates `accumulate` patches). */
  optimizerUpdates: z.number().int().nonnegative().default(0),
  patchShape: z.array(z.number().int().positive()).length(3).optional(),
  importedFrom: z.object({ file: z.string(), sha256: z.string(), format: z.string() }).optional(),
  notes: z.array(z.string()).default([]),
});

/**
 * Post-processing chosen for this model on its validation data, which segment applies unless
 * told otherwise. Optional: a card without it gets the paper's (threshold 0.5, no filter), and
 * an older reader drops the field and does the same.
 */
export const postprocessSchema = z.object({
  threshold: z.number().min(0).max(1).default(0.5),
  /** Components of fewer millilitres go. */
  minVolumeMl: z.number().nonnegative().default(0),
  /** Components whose highest probability is below this go. */
  minPeak: z.number().min(0).max(1).default(0),
  /** Components with less than a quarter of their voxels in the lung mask go (the paper's optional filter). */
  lungFilter: z.boolean().default(false),
  /** What the values were chosen on, and by which figure. */
  basis: z.string().default(''),
});

export const modelCardSchema = z.object({
  format: z.literal('lungts-model-card'),
  cardVersion: z.number().int(),
  spec: unetSpecSchema,
  createdAt: z.string(),
  appVersion: z.string(),
  /** sha256 of the flat float32 parameter vector, so a card cannot be paired with other weights unnoticed. */
  paramsSha256: z.string(),
  paramCount: z.number().int().nonnegative(),
  provenance: provenanceSchema,
  /** Measured figures, e.g. val_dice, val_loss; names are free, values numbers. */
  metrics: z.record(z.string(), z.number()).default({}),
  /** What the input channels hold and how they must be prepared. */
  input: z
    .object({ channels: z.array(z.string()), spacingMm: z.array(z.number()).length(3), intensity: z.string() })
    .default({ channels: [], spacingMm: [1, 1, 1.5], intensity: 'HU clipped to [-1024, 1000], then z-scored' }),
  postprocess: postprocessSchema.optional(),
});

export type ModelCard = z.infer<typeof modelCardSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export type Postprocess = z.infer<typeof postprocessSchema>;
export type ProvenanceInput = z.input<typeof provenanceSchema>;

/** Parses an untrusted card (from a file): version first, so a newer card gets the right message. */
export function parseModelCard(raw: unknown): Result<ModelCard> {
  if (typeof raw === 'object' && raw !== null) {
    const r = raw as { format?: unknown; cardVersion?: unknown; spec?: { specVersion?: unknown } };
    if (r.format !== 'lungts-model-card') return fail('not a LungTS model card');
    if (typeof r.cardVersion === 'number' && r.cardVersion > MODEL_CARD_VERSION) {
      return fail(`model card version ${r.cardVersion} is newer than this program reads (${MODEL_CARD_VERSION}); update LungTS to use this model`);
    }
    if (typeof r.spec?.specVersion === 'number' && r.spec.specVersion > SPEC_VERSION) {
      return fail(`network spec version ${r.spec.specVersion} is newer than this program reads (${SPEC_VERSION}); update LungTS to use this model`);
    }
  }
  const parsed = modelCardSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`invalid model card: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`);
  }
  const spec = validateSpec(parsed.data.spec as UNetSpec);
  if (!spec.ok) return fail(`model card spec: ${spec.error}`);
  return ok(parsed.data);
}

/** Parses an untrusted spec (a JSON file a user points at). */
export function parseSpec(raw: unknown): Result<UNetSpec> {
  const parsed = unetSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`invalid network spec: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`);
  }
  return validateSpec(parsed.data as UNetSpec);
}
