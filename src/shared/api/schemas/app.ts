import { z } from 'zod';
import { IdSchema } from './common';

export const AppInfoSchema = z.strictObject({
  version: z.string(),
  /** electron: the desktop app; bridge: the loopback server (browser development and tests). */
  host: z.enum(['electron', 'bridge']),
  platform: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  /** Whether `dialog.pick` opens native dialogs (false in a browser: type a path instead). */
  nativeDialogs: z.boolean(),
});

export const DialogPickInputSchema = z.strictObject({
  kind: z.enum(['folder', 'files', 'save']),
  title: z.string().max(200).optional(),
  defaultPath: z.string().optional(),
  filters: z.array(z.strictObject({ name: z.string(), extensions: z.array(z.string()) })).optional(),
});
/** Empty `paths`: the user cancelled. */
export const DialogPickSchema = z.strictObject({ paths: z.array(z.string()) });

export const ExportMaskInputSchema = z.strictObject({
  versionId: IdSchema,
  /** nifti: .nii/.nii.gz on the CT's own grid; seg: DICOM SEG referencing the CT slices. */
  format: z.enum(['nifti', 'seg']),
  path: z.string().min(1),
});

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A table the renderer computed (tumour measurements, evaluation rows) written as CSV or JSON. */
export const ExportTableInputSchema = z.strictObject({
  path: z.string().min(1),
  format: z.enum(['csv', 'json']),
  columns: z.array(z.string()).min(1).max(1000),
  rows: z.array(z.array(cell)).max(1_000_000),
});

export const ExportResultSchema = z.strictObject({ path: z.string(), bytes: z.number().int().min(0) });
