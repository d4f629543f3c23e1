import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_FORMAT, DATASET_VERSION, parseDatasetManifest, type CaseRole, type DatasetCase, type DatasetManifest } from '../../shared/dataset/manifest';
import { CANCELLED, subProgress, type CancelSignal, type ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import { APP_VERSION } from '../../shared/version';
import { writeFileAtomic } from '../fs/atomic';
import { defaultTumorCount, generatePhantom } from './generate';
import type { PhantomSize } from './protocol';
import { hashSeed, Rng } from '../../shared/random';
import type { PhantomFormat } from './write-case';
import { writePhantomCase } from './write-case';

export interface DatasetOptions {
  readonly strong: number;
  readonly weak: number;
  readonly test: number;
  readonly seed: number;
  readonly size: PhantomSize;
  readonly format?: PhantomFormat;
  readonly threads?: number;
  /** Every case's slice spacing (mm); drawn per scan when absent. */
  readonly sliceSpacing?: number;
  /** Chance that a patient contributes a second scan (same role), when the role has room. */
  readonly repeatRate?: number;
}

export interface PlannedCase {
  readonly id: string;
  readonly patientId: string;
  readonly patientSeed: number;
  readonly role: CaseRole;
  readonly scan: number;
}

/**
 * Who is scanned how often, per role: patients are drawn until the role's case count is met,
 * some with two scans. A patient belongs to exactly one role, so a split by patient is exact.
 */
export function planDataset(o: Pick<DatasetOptions, 'strong' | 'weak' | 'test' | 'seed' | 'repeatRate'>): PlannedCase[] {
  const r = Rng.derive(o.seed, 'dataset plan');
  const plan: PlannedCase[] = [];
  let patient = 0;
  for (const [role, count] of [['strong', o.strong], ['weak', o.weak], ['test', o.test]] as const) {
    let left = count;
    while (left > 0) {
      const scans = left >= 2 && r.chance(o.repeatRate ?? 0.25) ? 2 : 1;
      const patientId = `P${String(patient + 1).padStart(3, '0')}`;
      const patientSeed = hashSeed(o.seed, 'patient', patient);
      for (let scan = 0; scan < scans; scan++) plan.push({ id: `${patientId}-s${scan}`, patientId, patientSeed, role, scan });
      patient++;
      left -= scans;
    }
  }
  return plan;
}

/**
 * Writes a dataset: cases/<id>/ holds ct.nii.gz, lungs.nii.gz, boxes.json and case.json, plus
 * tumor.nii.gz for strong and test cases; a weak case's mask goes to heldout/<id>/tumor.nii.gz.
 * The manifest is written last, atomically, so a folder with a manifest is complete.
 */
export async function writeDataset(dir: string, o: DatasetOptions, progress: ProgressSink, signal: CancelSignal): Promise<Result<DatasetManifest>> {
  const plan = planDataset(o);
  const cases: DatasetCase[] = [];
  for (let n = 0; n < plan.length; n++) {
    if (signal.aborted) return fail(CANCELLED);
    const pc = plan[n]!;
    const sub = subProgress(progress, n / plan.length, (n + 1) / plan.length);
    // Cases that train the teacher need a tumour to box; test cases may have none.
    const tumors = pc.role === 'test' ? defaultTumorCount(pc.patientSeed) : Math.max(1, defaultTumorCount(pc.patientSeed));
    const made = await generatePhantom({
      seed: pc.patientSeed, scan: pc.scan, size: o.size, tumors,
      ...(o.threads ? { threads: o.threads } : {}), ...(o.sliceSpacing ? { protocol: { sliceSpacing: o.sliceSpacing } } : {}),
    }, sub, signal);
    if (!made.ok) return fail(`case ${pc.id}: ${made.error}`);
    const caseDir = join(dir, 'cases', pc.id);
    const heldDir = join(dir, 'heldout', pc.id);
    if (pc.role === 'weak') mkdirSync(heldDir, { recursive: true });
    const format = o.format ?? 'nifti';
    const written = writePhantomCase(caseDir, made.value, { format: format === 'dicom' ? 'both' : format, patientId: pc.patientId, ...(pc.role === 'weak' ? { tumorFolder: heldDir } : {}) });
    if (!written.ok) return fail(`case ${pc.id}: ${written.error}`);
    const rel = (f: string) => `cases/${pc.id}/${f}`;
    const c = made.value;
    cases.push({
      id: pc.id, patientId: pc.patientId, role: pc.role, scan: pc.scan,
      ct: rel('ct.nii.gz'), lungs: rel('lungs.nii.gz'), boxes: rel('boxes.json'),
      ...(pc.role === 'weak' ? { heldOutMask: `heldout/${pc.id}/tumor.nii.gz` } : { mask: rel('tumor.nii.gz') }),
      ...(written.value.dicom ? { dicom: rel(written.value.dicom), annotations: rel(written.value.annotations!) } : {}),
      dims: c.ct.dims, spacing: c.ct.spacing,
      tumors: c.tumors.filter((t) => t.label > 0).map((t) => ({ label: t.label, diameterMm: t.diameterMm, voxels: t.voxels })),
    });
  }
  const manifest = { format: DATASET_FORMAT, version: DATASET_VERSION, generator: `lungts ${APP_VERSION} phantom-set`, seed: o.seed, size: o.size, cases };
  const checked = parseDatasetManifest(manifest);
  if (!checked.ok) return fail(`internal error, the manifest does not validate: ${checked.error}`);
  try {
    writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  } catch (e) {
    return fail(`cannot write ${join(dir, 'manifest.json')} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return ok(checked.value);
}
