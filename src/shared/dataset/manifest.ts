import { z } from 'zod';
import { fail, ok, type Result } from '../result';

/**
 * A training/evaluation dataset on disk (manifest.json), as `lungts phantom-set` writes it and
 * the training pipeline reads it. Paths are relative to the manifest's folder.
 *
 * Roles follow the teacher-student method: `strong` cases have voxel masks; `weak` cases have
 * only boxes for training, and their true mask is kept aside under `heldOutMask` (in another
 * folder) so the teacher's pseudo-labels can be scored, never trained on; `test` cases have
 * masks and are never trained on. A patient's scans all share one role, so splitting by case
 * can never leak a patient across roles.
 */
export const DATASET_FORMAT = 'lungts-dataset';
export const DATASET_VERSION = 1;

export type CaseRole = 'strong' | 'weak' | 'test';

export interface DatasetTumor {
  readonly label: number;
  readonly diameterMm: number;
  readonly voxels: number;
}

export interface DatasetCase {
  readonly id: string;
  readonly patientId: string;
  readonly role: CaseRole;
  /** 0 for a patient's first scan, 1 for a second one. */
  readonly scan: number;
  readonly ct: string;
  readonly lungs: string;
  readonly boxes: string;
  /** Tumour instance labels (strong and test cases). */
  readonly mask?: string;
  /** Weak cases: the true mask, for scoring the teacher only. */
  readonly heldOutMask?: string;
  /** DICOM series folder and VOC annotation folder, when written. */
  readonly dicom?: string;
  readonly annotations?: string;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly tumors: readonly DatasetTumor[];
}

export interface DatasetManifest {
  readonly format: typeof DATASET_FORMAT;
  readonly version: typeof DATASET_VERSION;
  /** What made it, e.g. "lungts 0.1.0 phantom-set". */
  readonly generator: string;
  readonly seed?: number;
  readonly size?: string;
  readonly cases: readonly DatasetCase[];
}

const relPath = z.string().min(1).refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..'), {
  message: 'must be a path inside the dataset folder (relative, no "..")',
});
const positive = z.number().finite().positive();

const CaseSchema = z.strictObject({
  id: z.string().min(1).max(128),
  patientId: z.string().min(1).max(128),
  role: z.enum(['strong', 'weak', 'test']),
  scan: z.number().int().min(0),
  ct: relPath,
  lungs: relPath,
  boxes: relPath,
  mask: relPath.optional(),
  heldOutMask: relPath.optional(),
  dicom: relPath.optional(),
  annotations: relPath.optional(),
  dims: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
  spacing: z.tuple([positive, positive, positive]),
  tumors: z.array(z.strictObject({ label: z.number().int().min(1).max(255), diameterMm: positive, voxels: z.number().int().positive() })),
});

export const DatasetManifestSchema = z.strictObject({
  format: z.literal(DATASET_FORMAT),
  version: z.literal(DATASET_VERSION),
  generator: z.string(),
  seed: z.number().int().min(0).optional(),
  size: z.string().optional(),
  cases: z.array(CaseSchema),
});

/** Rules across cases that a schema cannot say: unique ids, masks where the role needs them, no patient in two roles. */
function checkRoles(m: DatasetManifest): Result<DatasetManifest> {
  const ids = new Set<string>();
  const roleOf = new Map<string, CaseRole>();
  for (const c of m.cases) {
    if (ids.has(c.id)) return fail(`case id "${c.id}" appears twice`);
    ids.add(c.id);
    if (c.role === 'weak' && c.mask !== undefined) return fail(`weak case "${c.id}" has a training mask; weak cases keep theirs under heldOutMask`);
    if (c.role !== 'weak' && c.mask === undefined) return fail(`${c.role} case "${c.id}" has no mask`);
    if (c.role !== 'weak' && c.heldOutMask !== undefined) return fail(`${c.role} case "${c.id}" has a heldOutMask; only weak cases do`);
    const seen = roleOf.get(c.patientId);
    if (seen && seen !== c.role) return fail(`patient "${c.patientId}" has ${seen} and ${c.role} cases; a patient's scans must share one role`);
    roleOf.set(c.patientId, c.role);
  }
  return ok(m);
}

/** Validates untrusted JSON as a dataset manifest; the message names the first problem by its path. */
export function parseDatasetManifest(value: unknown): Result<DatasetManifest> {
  if (typeof value === 'object' && value !== null && 'format' in value && value.format !== DATASET_FORMAT) {
    return fail(`not a LungTS dataset manifest (format is ${JSON.stringify(value.format)}, expected "${DATASET_FORMAT}")`);
  }
  const parsed = DatasetManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map(String).join('.') : 'the manifest';
    return fail(`invalid dataset manifest: ${where}: ${issue.message}`);
  }
  return checkRoles(parsed.data);
}

/** Cases of one role, in manifest order. */
export function casesWithRole(m: DatasetManifest, role: CaseRole): DatasetCase[] {
  return m.cases.filter((c) => c.role === role);
}
