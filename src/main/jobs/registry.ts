import type { JobKind } from './kind';
import { importJobKind } from './kinds/import';
import { segmentJobKind } from './kinds/segment';
import { selftestJobKind } from './kinds/selftest';
import { teacherJobKind } from './kinds/teacher';
import { pseudoLabelJobKind } from './kinds/pseudo-label';
import { trainJobKind } from './kinds/train';
import { evaluateJobKind } from './kinds/evaluate';

/**
 * Every job kind this build runs, one line each (the pipeline adds lungmask, teacher, segment,
 * pseudo-label, train, evaluate here). The worker process imports this same list, so a kind
 * registered here runs in either executor.
 */
export const JOB_KINDS: readonly JobKind[] = [
  importJobKind,
  selftestJobKind,
  teacherJobKind,
  segmentJobKind,
  pseudoLabelJobKind,
  trainJobKind,
  evaluateJobKind,
];

export function jobKindMap(): ReadonlyMap<string, JobKind> {
  return new Map(JOB_KINDS.map((k) => [k.kind, k]));
}
