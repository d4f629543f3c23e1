import { z } from 'zod';

export const ExecutionProviderSchema = z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml']);
export type ExecutionProvider = z.infer<typeof ExecutionProviderSchema>;

/**
 * The user's settings, stored as JSON beside (not inside) the data folder. `version` lets a
 * later release migrate the file; unknown or invalid values are refused, never guessed.
 */
export const SettingsSchema = z.strictObject({
  version: z.literal(1),
  executionProvider: ExecutionProviderSchema,
  /** Threads for inference/training; 0 lets the runtime decide. */
  threads: z.number().int().min(0).max(256),
  /** Data folder (database and blobs); null: the default under the user's app data. */
  dataDir: z.string().min(1).nullable(),
  /**
   * Model names to activate when a data folder has no active model of that role yet
   * (e.g. the shipped ones on first start). The database's active flag decides afterwards.
   */
  defaultModels: z.strictObject({
    teacher: z.string().nullable(),
    student: z.string().nullable(),
  }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  executionProvider: 'auto',
  threads: 0,
  dataDir: null,
  defaultModels: { teacher: null, student: null },
};

export const SettingsPatchSchema = z.strictObject({
  executionProvider: ExecutionProviderSchema.optional(),
  threads: z.number().int().min(0).max(256).optional(),
  dataDir: z.string().min(1).nullable().optional(),
  defaultModels: z
    .strictObject({ teacher: z.string().nullable().optional(), student: z.string().nullable().optional() })
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SettingsViewSchema = z.strictObject({
  settings: SettingsSchema,
  /** What is actually in use now (may differ until restart, e.g. after changing dataDir). */
  effective: z.strictObject({
    dataDir: z.string(),
    executionProviders: z.array(z.string()),
    threads: z.number().int().min(0),
  }),
  restartRequired: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;
