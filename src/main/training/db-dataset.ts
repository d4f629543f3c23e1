import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AxialBox } from '../../shared/boxes/types';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import { maskToBoxes } from '../../shared/masks/mask-to-boxes';
import { fail, ok, type Result, withContext } from '../../shared/result';
import type { Mask } from '../../shared/volume/volume';
import { loadCaseVolume } from '../app/case-volume';
import type { BlobStore } from '../db/blobs';
import type { Db } from '../db/connection';
import { listAnnotations } from '../db/repos/annotation-rows';
import { versionContent } from '../db/repos/annotations';
import { getCaseSummary } from '../db/repos/cases-read';
import { datasetMembers, getDataset } from '../db/repos/datasets';
import { writeFileAtomic } from '../fs/atomic';
import { writeBoxSet } from '../io/boxes/box-json';
import { writeNifti } from '../io/nifti/write';
import { computeLungMask } from '../preprocess/lung-mask/compute';

/**
 * A dataset of the workstation's database written out as files and a manifest, so training,
 * pseudo-labelling and evaluation jobs run the same pipeline as the CLI. What counts:
 *  - truth mask: the newest accepted mask version of the case (a radiologist's accepted label),
 *    else the newest manual or imported one;
 *  - boxes: the newest non-empty box version (strong cases without boxes get transform_to_weak
 *    of their mask);
 *  - a weak case's pseudo-label: its newest teacher mask version not rejected in review.
 * Cases already written (a resumed job) are kept.
 */
type Head = ReturnType<typeof listAnnotations>[number]['head'];

function newestHead(db: Db, seriesId: number, kind: 'mask' | 'boxes', keep: (h: Head) => boolean): Head | undefined {
  return listAnnotations(db, seriesId).filter((a) => a.kind === kind && keep(a.head)).map((a) => a.head).sort((a, b) => b.versionId - a.versionId)[0];
}

export function truthMaskHead(db: Db, seriesId: number): Head | undefined {
  return newestHead(db, seriesId, 'mask', (h) => h.accepted === true) ?? newestHead(db, seriesId, 'mask', (h) => h.source === 'manual' || h.source === 'imported');
}

export function teacherMaskHead(db: Db, seriesId: number): Head | undefined {
  return newestHead(db, seriesId, 'mask', (h) => h.source === 'teacher' && h.accepted !== false);
}

async function maskOf(db: Db, blobs: BlobStore, head: Head, grid: Mask): Promise<Result<Mask>> {
  const c = versionContent(db, head.versionId);
  if (!c.ok) return c;
  if (c.value.content.kind !== 'mask') return fail(`version ${head.versionId} is not a mask`);
  const bytes = await blobs.get(c.value.content.maskHash);
  if (!bytes.ok) return bytes;
  if (bytes.value.length !== grid.data.length) return fail(`mask version ${head.versionId} does not fit its case grid`);
  return ok({ ...grid, data: bytes.value });
}

export interface MaterialisedCase {
  readonly id: string;
  readonly seriesId: number;
  readonly role: 'strong' | 'weak' | 'test';
  /** Weak cases: the teacher's mask in the database, written out (undefined when there is none). */
  readonly pseudo?: string;
  readonly truthVersionId?: number;
}

export async function materialiseDataset(
  db: Db, blobs: BlobStore, datasetId: number, dir: string, progress: ProgressSink, signal: CancelSignal,
): Promise<Result<{ manifest: string; cases: MaterialisedCase[] }>> {
  const ds = getDataset(db, datasetId);
  if (!ds) return fail(`dataset ${datasetId} does not exist`);
  const members = datasetMembers(db, datasetId);
  if (members.length === 0) return fail(`dataset "${ds.name}" has no cases`);
  const entries: unknown[] = [];
  const cases: MaterialisedCase[] = [];
  for (let n = 0; n < members.length; n++) {
    if (signal.aborted) return fail(CANCELLED);
    const m = members[n]!;
    progress({ stage: 'dataset', fraction: n / members.length, message: `case ${m.seriesId} (${n + 1} of ${members.length})` });
    const id = `series-${m.seriesId}`;
    const where = `case ${m.seriesId} of dataset "${ds.name}"`;
    const summary = getCaseSummary(db, m.seriesId);
    if (!summary) return fail(`${where} no longer exists`);
    const role = m.strength === 'weak' ? 'weak' : m.split === 'test' ? 'test' : 'strong';
    const truth = truthMaskHead(db, m.seriesId);
    if (role !== 'weak' && !truth) return fail(`${where} is strong but has no accepted, manual or imported mask`);
    const teacher = role === 'weak' ? teacherMaskHead(db, m.seriesId) : undefined;
    const caseDir = join(dir, 'cases', id);
    const files = { ct: join(caseDir, 'ct.nii.gz'), lungs: join(caseDir, 'lungs.nii.gz'), boxes: join(caseDir, 'boxes.json'), mask: join(caseDir, 'mask.nii.gz'), pseudo: join(caseDir, 'pseudo.nii.gz') };
    const vol = await loadCaseVolume(db, blobs, m.seriesId);
    if (!vol.ok) return withContext(vol, where);
    const grid: Mask = { ...vol.value.record.geometry, data: new Uint8Array(vol.value.volume.data.length) };
    mkdirSync(caseDir, { recursive: true });
    if (!existsSync(files.ct)) writeNifti(files.ct, vol.value.volume);
    let mask: Mask | undefined;
    if (truth) {
      const t = await maskOf(db, blobs, truth, grid);
      if (!t.ok) return withContext(t, where);
      mask = t.value;
      writeNifti(files.mask, mask);
    }
    if (teacher) {
      const t = await maskOf(db, blobs, teacher, grid);
      if (!t.ok) return withContext(t, where);
      writeNifti(files.pseudo, t.value);
    }
    const boxHead = newestHead(db, m.seriesId, 'boxes', (h) => (h.boxCount ?? 0) > 0);
    let boxes: readonly AxialBox[] | undefined;
    if (boxHead) {
      const c = versionContent(db, boxHead.versionId);
      if (c.ok && c.value.content.kind === 'boxes') boxes = c.value.content.boxes;
    }
    if (!boxes && mask) boxes = maskToBoxes(mask).boxes;
    if (!boxes) return fail(`${where} is weak but has no boxes`);
    const wb = writeBoxSet(files.boxes, { format: 'lungts-boxes', version: 1, grid: vol.value.record.geometry, boxes });
    if (!wb.ok) return wb;
    if (!existsSync(files.lungs)) {
      const lm = await computeLungMask(vol.value.volume);
      if (!lm.ok) return withContext(lm, where);
      writeNifti(files.lungs, lm.value.mask);
    }
    const rel = (f: string) => relative(dir, f);
    entries.push({
      id, patientId: `patient-${summary.patientId}`, role, scan: 0, ct: rel(files.ct), lungs: rel(files.lungs), boxes: rel(files.boxes),
      ...(mask ? (role === 'weak' ? { heldOutMask: rel(files.mask) } : { mask: rel(files.mask) }) : {}),
      dims: vol.value.record.geometry.dims, spacing: vol.value.record.geometry.spacing, tumors: [],
    });
    cases.push({ id, seriesId: m.seriesId, role, ...(teacher ? { pseudo: files.pseudo } : {}), ...(truth ? { truthVersionId: truth.versionId } : {}) });
  }
  const manifest = join(dir, 'manifest.json');
  writeFileAtomic(manifest, JSON.stringify({ format: 'lungts-dataset', version: 1, generator: `lungts workstation dataset "${ds.name}"`, cases: entries }, null, 1));
  progress({ stage: 'dataset', fraction: 1, message: `${members.length} case(s) written` });
  return ok({ manifest, cases });
}
