import type { BoxSet } from '../../shared/boxes/types';
import { componentCentroids, labelComponents } from '../../shared/image/components';
import { clippedStats, type IntensityStats } from '../../shared/image/intensity';
import { boxesToMask } from '../../shared/masks/box-mask';
import type { Geometry } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';
import type { Mask, Volume } from '../../shared/volume/volume';
import { fail, ok, type Result } from '../../shared/result';
import { resampleOnto } from '../preprocess/resample';
import { studentCrops } from '../preprocess/student-crops';
import { teacherCrop } from '../preprocess/teacher-crop';
import type { BundleArray } from './bundle';

/**
 * A case brought into network space once, so epochs only cut patches: per lung crop (student)
 * or per tumour region (teacher), the clipped, z-scored CT (float32, exactly the values
 * inference computes), the label and the axial box mask.
 */
export const NETWORK_VOXEL_ML = (1 * 1 * 1.5) / 1000;

export interface TumourSite {
  /** Centre in the crop's index space (i, j, k). */
  readonly centre: Vec3;
  readonly volumeMl: number;
}

export interface PreparedLungMeta {
  readonly side: 'right' | 'left';
  readonly grid: Geometry;
  readonly tumours: readonly TumourSite[];
}

export interface PreparedStudentMeta {
  readonly kind: 'student';
  readonly id: string;
  readonly stats: IntensityStats;
  readonly lungs: readonly PreparedLungMeta[];
}

export interface PreparedTeacherMeta {
  readonly kind: 'teacher';
  readonly id: string;
  readonly stats: IntensityStats;
  /** One region per tumour: the teacher crop (a cube) grown by `jitter` on every side. */
  readonly regions: readonly { readonly tumor: number; readonly grid: Geometry; readonly crop: number; readonly jitter: number; readonly volumeMl: number; readonly hasLabel: boolean }[];
}

export interface Prepared<M> {
  readonly meta: M;
  readonly arrays: Record<string, BundleArray>;
}

async function binaryLabelOnto(label: Mask, grid: Geometry): Promise<Uint8Array> {
  const v = await resampleOnto(label, grid, 'label', { fill: 0 });
  const out = new Uint8Array(v.data.length);
  for (let q = 0; q < out.length; q++) out[q] = v.data[q] ? 1 : 0;
  return out;
}

/** Keeps the 26-connected parts of `label` that touch `box` (the teacher learns the boxed tumour only). */
function boxedParts(label: Uint8Array, box: Uint8Array, dims: Vec3): Uint8Array {
  const c = labelComponents(label, dims, 26);
  const keep = new Uint8Array(c.count + 1);
  for (let q = 0; q < label.length; q++) if (box[q] && c.labels[q]) keep[c.labels[q]!] = 1;
  const out = new Uint8Array(label.length);
  for (let q = 0; q < out.length; q++) out[q] = keep[c.labels[q]!] && c.labels[q] ? 1 : 0;
  return out;
}

/**
 * Components of a crop's label under this many voxels (0.015 ml; a 4 mm nodule has about 22)
 * are fragments that resampling a label or a crop's edge leaves beside a tumour, not tumours.
 * On 16 full-size phantoms they were 19 of the 51 components and 19 of the 30 under 0.5 ml,
 * so counted as sites they took most of the smallest size bin's draws.
 */
export const MIN_TUMOUR_VOXELS = 10;

/** True for a site that is a tumour, not a fragment (`MIN_TUMOUR_VOXELS`). */
export function isTumourSite(t: TumourSite): boolean {
  return Math.round(t.volumeMl / NETWORK_VOXEL_ML) >= MIN_TUMOUR_VOXELS;
}

/** Connected components of a crop's label (26-connected) with their volumes; `isTumourSite` tells tumours from fragments. */
export function tumourSites(label: Uint8Array, dims: Vec3): TumourSite[] {
  const c = labelComponents(label, dims, 26);
  return componentCentroids(c, dims).map((centre, t) => ({ centre, volumeMl: c.sizes[t + 1]! * NETWORK_VOXEL_ML }));
}

export interface StudentCaseInput {
  readonly id: string;
  readonly ct: Volume;
  /** Tumour mask on the CT grid (truth or pseudo-label); non-zero = tumour. */
  readonly label: Mask;
  readonly boxes: BoxSet;
  /** Lung labels on the CT grid (1 right, 2 left). */
  readonly lungs: Mask;
}

/** The student's per-lung crops exactly as inference cuts them (preprocess/student-crops), with labels and box masks. */
export async function prepareStudentCase(c: StudentCaseInput): Promise<Result<Prepared<PreparedStudentMeta>>> {
  const crops = await studentCrops(c.ct, c.lungs);
  if (!crops.ok) return fail(`case ${c.id}: ${crops.error}`);
  const arrays: Record<string, BundleArray> = {};
  const lungs: PreparedLungMeta[] = [];
  for (const crop of crops.value.crops) {
    const grid = crop.transform.crop;
    const label = await binaryLabelOnto(c.label, grid);
    arrays[`ct_${crop.side}`] = crop.input.data;
    arrays[`label_${crop.side}`] = label;
    arrays[`box_${crop.side}`] = boxesToMask(c.boxes, grid).data;
    lungs.push({ side: crop.side, grid, tumours: tumourSites(label, grid.dims) });
  }
  return ok({ meta: { kind: 'student', id: c.id, stats: crops.value.stats, lungs }, arrays });
}

export interface TeacherCaseInput {
  readonly id: string;
  readonly ct: Volume;
  readonly boxes: BoxSet;
  /** The truth when known (strong cases). */
  readonly label?: Mask;
  /** Cube side of the teacher's crop and the jitter margin around it (network voxels). */
  readonly crop: number;
  readonly jitter: number;
}

/**
 * One region per tumour: the teacher's crop grown by `jitter` on every side (same centre, so
 * the middle `crop`^3 is exactly what inference feeds it). The label keeps only the tumour
 * the box channel guides to.
 */
export async function prepareTeacherCase(c: TeacherCaseInput): Promise<Result<Prepared<PreparedTeacherMeta>>> {
  const stats = clippedStats(c.ct.data);
  const arrays: Record<string, BundleArray> = {};
  const regions: PreparedTeacherMeta['regions'][number][] = [];
  for (const t of tumorNumbers(c.boxes)) {
    const tc = await teacherCrop(c.ct, c.boxes, t, { size: c.crop + 2 * c.jitter, stats });
    if (!tc.ok) return fail(`case ${c.id}: ${tc.error}`);
    const grid = tc.value.transform.crop;
    const box = Uint8Array.from(tc.value.boxMask.data);
    arrays[`ct_${t}`] = tc.value.ct.data;
    arrays[`box_${t}`] = box;
    let count = 0;
    if (c.label) {
      const label = boxedParts(await binaryLabelOnto(c.label, grid), box, grid.dims);
      arrays[`label_${t}`] = label;
      for (let q = 0; q < label.length; q++) count += label[q]!;
    } else {
      // Without a mask, the boxes' area times the slice thickness stands in for the volume.
      for (let q = 0; q < box.length; q++) count += box[q]!;
    }
    regions.push({ tumor: t, grid, crop: c.crop, jitter: c.jitter, volumeMl: count * NETWORK_VOXEL_ML, hasLabel: c.label !== undefined });
  }
  return ok({ meta: { kind: 'teacher', id: c.id, stats, regions }, arrays });
}

/** The distinct tumour numbers of a box set, ascending. */
export function tumorNumbers(boxes: BoxSet): number[] {
  return [...new Set(boxes.boxes.map((b) => b.tumor))].sort((x, y) => x - y);
}
