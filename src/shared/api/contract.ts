import { z } from 'zod';
import type { ApiMethod } from './methods';
import * as A from './schemas/annotations';
import { AppInfoSchema, DialogPickInputSchema, DialogPickSchema, ExportMaskInputSchema, ExportResultSchema, ExportTableInputSchema } from './schemas/app';
import * as C from './schemas/cases';
import { EmptySchema } from './schemas/common';
import * as D from './schemas/datasets';
import { EvaluationDetailSchema, EvaluationRefSchema, EvaluationSchema } from './schemas/evaluations';
import * as J from './schemas/jobs';
import * as M from './schemas/models';
import { SettingsPatchSchema, SettingsViewSchema } from './schemas/settings';

/**
 * json: JSON in, JSON out. binary-out: JSON in, `{ meta, bytes }` out (volumes, masks).
 * binary-in: `{ meta, bytes }` in, JSON out (mask saves). The schemas describe the JSON parts;
 * `bytes` is always a Uint8Array.
 */
export type MethodKind = 'json' | 'binary-in' | 'binary-out';

export interface MethodDef<K extends MethodKind = MethodKind, I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: K;
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

const json = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodDef<'json', I, O> =>
  ({ kind: 'json', input, output, summary });
const binaryOut = <I extends z.ZodType, O extends z.ZodType>(input: I, meta: O, summary: string): MethodDef<'binary-out', I, O> =>
  ({ kind: 'binary-out', input, output: meta, summary });
const binaryIn = <I extends z.ZodType, O extends z.ZodType>(meta: I, output: O, summary: string): MethodDef<'binary-in', I, O> =>
  ({ kind: 'binary-in', input: meta, output, summary });

/** The one contract between renderer and main. Add methods; never change a shipped one's meaning. */
export const API = {
  'app.info': json(EmptySchema, AppInfoSchema, 'Version, host, data folder and schema version.'),
  'patients.list': json(EmptySchema, z.array(C.PatientSummarySchema), 'Patients with their study and series counts.'),
  'cases.list': json(C.CaseListInputSchema, C.CaseListSchema, 'Series with patient, study and annotation status; search, filter, sort, page.'),
  'cases.get': json(C.SeriesRefSchema, C.CaseDetailSchema, 'One case: summary, grids, slice UIDs, source files.'),
  'cases.remove': json(C.SeriesRefSchema, z.strictObject({ removed: z.boolean() }), 'Removes a case and its annotations from the database.'),
  'volume.get': binaryOut(C.SeriesRefSchema, C.VolumeMetaSchema, 'The CT as Int16 HU on the case grid (LPS).'),
  'annotations.list': json(C.SeriesRefSchema, z.array(A.AnnotationSchema), "A case's annotations with their head versions."),
  'annotations.history': json(A.AnnotationRefSchema, z.array(A.AnnotationVersionSchema), 'Every version of an annotation, newest first.'),
  'annotations.boxes': json(A.VersionRefSchema, A.BoxesContentSchema, 'The boxes of a box version.'),
  'annotations.saveBoxes': json(A.SaveBoxesInputSchema, A.SavedVersionSchema, 'Saves boxes as a new version (or a new annotation).'),
  'annotations.mask': binaryOut(A.VersionRefSchema, A.MaskMetaSchema, 'The Uint8 mask of a mask version on the case grid.'),
  'annotations.saveMask': binaryIn(A.SaveMaskMetaSchema, A.SavedVersionSchema, 'Saves a Uint8 mask as a new version (or a new annotation).'),
  'annotations.review': json(A.ReviewInputSchema, A.AnnotationVersionSchema, 'Accepts, rejects or un-reviews a version.'),
  'annotations.restore': json(A.RestoreInputSchema, A.SavedVersionSchema, "Undo by version: an old version's content becomes the new head."),
  'jobs.kinds': json(EmptySchema, z.array(J.JobKindInfoSchema), 'Job kinds this build can run.'),
  'jobs.start': json(J.JobStartInputSchema, J.JobInfoSchema, 'Queues a job; its input is checked against the kind.'),
  'jobs.cancel': json(J.JobRefSchema, J.JobInfoSchema, 'Cancels a queued or running job.'),
  'jobs.resume': json(J.JobRefSchema, J.JobInfoSchema, 'Re-queues an interrupted/cancelled/failed resumable job from its last checkpoint.'),
  'jobs.list': json(J.JobListInputSchema, z.array(J.JobInfoSchema), 'Jobs, newest first.'),
  'jobs.get': json(J.JobRefSchema, J.JobDetailSchema, 'One job with its log.'),
  'jobs.metrics': json(J.JobRefSchema, z.array(J.JobMetricPointSchema), "A job's curve points (loss, Dice...), oldest first."),
  'models.list': json(M.ModelListInputSchema, z.array(M.ModelInfoSchema), 'Registered models.'),
  'models.activate': json(M.ModelRefSchema, M.ModelInfoSchema, 'Makes a model the active one of its role.'),
  'models.card': json(M.ModelRefSchema, M.ModelCardSchema, "A model's card."),
  'models.import': json(M.ModelImportInputSchema, M.ModelInfoSchema, 'Registers an ONNX model file and its card.'),
  'datasets.list': json(EmptySchema, z.array(D.DatasetSchema), 'Datasets with member counts.'),
  'datasets.create': json(D.DatasetCreateInputSchema, D.DatasetSchema, 'Creates an empty dataset.'),
  'datasets.members': json(D.DatasetRefSchema, z.array(D.DatasetMemberSchema), "A dataset's members."),
  'datasets.setMembers': json(D.SetMembersInputSchema, D.DatasetSchema, 'Adds/updates (or replaces) members.'),
  'evaluations.list': json(EmptySchema, z.array(EvaluationSchema), 'Evaluation runs, newest first.'),
  'evaluations.get': json(EvaluationRefSchema, EvaluationDetailSchema, 'One evaluation with per-case metrics.'),
  'settings.get': json(EmptySchema, SettingsViewSchema, 'Settings and what is in effect.'),
  'settings.set': json(SettingsPatchSchema, SettingsViewSchema, 'Changes settings (validated, written atomically).'),
  'dialog.pick': json(DialogPickInputSchema, DialogPickSchema, 'Native open/save dialog (Electron only).'),
  'export.mask': json(ExportMaskInputSchema, ExportResultSchema, 'Writes a mask version as NIfTI or DICOM SEG.'),
  'export.table': json(ExportTableInputSchema, ExportResultSchema, 'Writes a table as CSV or JSON.'),
} as const satisfies Record<ApiMethod, MethodDef>;

type Def<Mth extends ApiMethod> = (typeof API)[Mth];

/** Bytes beside JSON metadata: how volumes and masks travel. */
export interface BinaryMessage<T> {
  readonly meta: T;
  readonly bytes: Uint8Array;
}

/** What the caller passes (zod input types: defaults may be omitted). */
export type ApiInput<Mth extends ApiMethod> = Def<Mth>['kind'] extends 'binary-in'
  ? BinaryMessage<z.input<Def<Mth>['input']>>
  : z.input<Def<Mth>['input']>;

/** What a handler receives after validation. */
export type ApiParsedInput<Mth extends ApiMethod> = Def<Mth>['kind'] extends 'binary-in'
  ? BinaryMessage<z.output<Def<Mth>['input']>>
  : z.output<Def<Mth>['input']>;

/** What the caller gets back. */
export type ApiOutput<Mth extends ApiMethod> = Def<Mth>['kind'] extends 'binary-out'
  ? BinaryMessage<z.output<Def<Mth>['output']>>
  : z.output<Def<Mth>['output']>;

