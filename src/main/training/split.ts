import { fail, ok, type Result } from '../../shared/result';
import { hashKeys } from '../../shared/random';

/**
 * Train / validation / test split by patient: every case of one patient lands in the same part,
 * so a second scan of a training patient never scores the model. Patients are ordered by a hash
 * of (seed, patient id), which keeps the split stable when cases are added (a patient never
 * moves unless the fractions change) and independent of file order.
 */
export interface SplitFractions {
  /** The paper's 15% by default. */
  readonly test: number;
  readonly val: number;
}

export const DEFAULT_SPLIT: SplitFractions = { test: 0.15, val: 0.15 };

export type SplitName = 'train' | 'val' | 'test';

export interface SplitItem {
  readonly id: string;
  readonly patientId: string;
}

export function splitByPatient<T extends SplitItem>(items: readonly T[], seed: number, fr: SplitFractions = DEFAULT_SPLIT): Result<Record<SplitName, T[]>> {
  if (!(fr.test >= 0 && fr.val >= 0 && fr.test + fr.val < 1)) return fail(`split fractions test ${fr.test} + val ${fr.val} must be >= 0 and leave something to train on`);
  const patients = [...new Set(items.map((c) => c.patientId))].sort();
  const order = patients.map((p) => ({ p, h: hashKeys(seed, 'split', p) })).sort((a, b) => a.h - b.h || (a.p < b.p ? -1 : 1));
  const n = order.length;
  // Round to whole patients; a non-zero fraction always gets at least one.
  const atLeastOne = (f: number): number => (f > 0 ? Math.max(1, Math.round(f * n)) : 0);
  const nTest = atLeastOne(fr.test);
  const nVal = atLeastOne(fr.val);
  if (nTest + nVal >= n) return fail(`${n} patient(s) cannot be split into ${nTest} test + ${nVal} validation and still leave one to train on`);
  const part = new Map<string, SplitName>();
  order.forEach(({ p }, idx) => part.set(p, idx < nTest ? 'test' : idx < nTest + nVal ? 'val' : 'train'));
  const out: Record<SplitName, T[]> = { train: [], val: [], test: [] };
  for (const c of items) out[part.get(c.patientId)!].push(c);
  return ok(out);
}
