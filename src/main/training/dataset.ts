import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseDatasetManifest } from '../../shared/dataset/manifest';
import { fail, ok, type Result } from '../../shared/result';
import { DEFAULT_SPLIT, splitByPatient, type SplitFractions } from './split';

/**
 * A training dataset from a manifest (src/shared/dataset/manifest.ts, as `lungts phantom-set`
 * writes it): strong cases have a CT and a voxel mask, weak cases a CT and axial boxes (their
 * true mask, when kept aside as heldOutMask, only scores the teacher), test cases a CT and a
 * mask. Paths are resolved against the manifest's folder.
 */
export interface DatasetCase {
  readonly id: string;
  readonly patientId: string;
  readonly role: 'strong' | 'weak' | 'test';
  readonly ct: string;
  /** Strong and test: the training/scoring mask. Weak: the held-out truth (scoring only). */
  readonly mask?: string;
  readonly boxes?: string;
}

export interface Dataset {
  readonly path: string;
  readonly name: string;
  /** Generated (phantom) data: models trained on it say they are not for clinical use. */
  readonly synthetic: boolean;
  readonly cases: readonly DatasetCase[];
}

export function readManifest(path: string): Result<Dataset> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return fail(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(e as Error).message})`}`);
  }
  const parsed = parseDatasetManifest(raw);
  if (!parsed.ok) return fail(`${path}: ${parsed.error}`);
  const base = dirname(resolve(path));
  const cases: DatasetCase[] = [];
  for (const c of parsed.value.cases) {
    const truth = c.mask ?? c.heldOutMask;
    const dc: DatasetCase = {
      id: c.id, patientId: c.patientId, role: c.role, ct: resolve(base, c.ct),
      ...(truth ? { mask: resolve(base, truth) } : {}), boxes: resolve(base, c.boxes),
    };
    for (const f of [dc.ct, dc.mask, dc.boxes]) if (f !== undefined && !existsSync(f)) return fail(`${path}: case "${c.id}" refers to ${f}, which does not exist`);
    cases.push(dc);
  }
  const m = parsed.value;
  return ok({ path, name: `${basename(base)} (${m.generator})`, synthetic: /phantom/i.test(m.generator), cases });
}

export interface DatasetSplit {
  /** Strong cases the networks train on. */
  readonly strongTrain: readonly DatasetCase[];
  /** Strong cases for validation (best checkpoint, early stopping). */
  readonly strongVal: readonly DatasetCase[];
  readonly weak: readonly DatasetCase[];
  readonly test: readonly DatasetCase[];
}

/**
 * Test cases are the manifest's test role, or, when it has none, 15% of the strong patients.
 * Validation takes a share of the strong patients that remain. Patients never straddle parts;
 * a weak case whose patient is in test or validation is dropped (it would leak).
 */
export function splitDataset(d: Dataset, seed: number, fr: SplitFractions = DEFAULT_SPLIT): Result<DatasetSplit> {
  const strong = d.cases.filter((c) => c.role === 'strong');
  const explicitTest = d.cases.filter((c) => c.role === 'test');
  const s = splitByPatient(strong, seed, { test: explicitTest.length > 0 ? 0 : fr.test, val: fr.val });
  if (!s.ok) return fail(`strong cases: ${s.error}`);
  const test = explicitTest.length > 0 ? explicitTest : s.value.test;
  const held = new Set([...test, ...s.value.val].map((c) => c.patientId));
  const trainPatients = new Set(s.value.train.map((c) => c.patientId));
  if ([...held].some((p) => trainPatients.has(p))) return fail('a patient appears in both the test cases and the strong training cases; split the manifest by patient');
  return ok({
    strongTrain: s.value.train,
    strongVal: s.value.val,
    weak: d.cases.filter((c) => c.role === 'weak' && !held.has(c.patientId)),
    test,
  });
}
