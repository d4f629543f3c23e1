import { labelComponents } from '../../../shared/image/components';
import { dilate, open } from '../../../shared/image/morphology';
import type { Vec3 } from '../../../shared/volume/mat3';
import { LEFT, RIGHT } from './split';
import { apexCapShare, lungAreas, midline, mirroredBox, topSlice, type SideSlab } from './apex-slab';
import { sliceSize, voxelMl, type WorkVolume } from './work-volume';

// The expected lung is the other lung mirrored, used this far below that lung's apex: the
// upper lobes. Lower down the heart and the aortic arch lie left of the midline, where the
// mirrored right lung would cover them.
const SLAB_MM = 90;
// The other lung's top slice must be at most this share of its largest slice: an apex (0.0003
// to 0.05 on the masks of phantom seeds 1-20), not a scan cutting through the lung (the
// TotalSegmentator abdomen, which shows the bases only: 1.0).
const APEX_CAP_SHARE = 0.25;
// A mass must reach up to within this of the other apex: the deficit is apical. On phantom
// seeds 1-20 the other candidates (arch and great vessels beside the trachea) start 35-80 mm
// below the apex, those of 10 mL or more 60-70 mm; seed 4's apical mass reaches 25 mm.
const REACH_MM = 30;
// Cores are opened with a disk of this radius: the strip the mirror leaves along the mediastinum
// (the two medial pleurae never match exactly), the rim a few millimetres of apex height
// difference leaves, an apical pleural cap and a subclavian artery (8-10 mm) are thinner than
// the 10 mm disk or barely hold it.
const OPEN_MM = 5;
// Cores are soft tissue or air (a cavity), never fat: the mirrored right lung overlaps the
// mediastinal fat at the thoracic inlet. Bone above 300 HU is never taken: on the phantoms the
// cortex of ribs, clavicles and vertebrae (median 570 HU) and half the marrow (median 320).
const FAT_HU = -40;
const AIR_HU = -400;
const BONE_HU = 300;
// Less than this is not a mass that replaced lung (an apex a slice lower, a vessel).
const MIN_ML = 10;
// Over the slices a core spans, the deficient lung must be this much smaller than the other
// (seed 4's mass: 0.69; every other candidate of phantom seeds 1-20: 0.85-0.94).
const MAX_AREA_RATIO = 0.8;
// An accepted core takes the free tissue within GROW_MM of it (3D: its rim, the partial-volume
// and fat-density voxels the threshold left, the thin top of the mass) that lies within TOL_MM of
// the expected lung (the mirror is a few millimetres off: seed 4's mass reaches 2-5 mm further
// medially than the mirrored right lung). Seed 4's mass inside (and Dice) with 5 / 3 mm: 0.976
// (0.9752), 7 / 3 mm: 0.991 (0.9750), 10 / 3 mm: 0.998 (0.9746), 10 / 0 mm: 0.983 (0.9750).
const GROW_MM = 10;
const TOL_MM = 3;

export interface ApexComponent {
  readonly side: number;
  /** Distance (mm) from the component's highest slice to the other lung's apex. */
  readonly belowApexMm: number;
  /** The same for its lowest slice (at the slab's bottom slice it runs out of the slab: never taken). */
  readonly bottomBelowApexMm: number;
  readonly volumeMl: number;
  readonly touchesLung: boolean;
  /** This side's lung area over the other's in the slices the component spans. */
  readonly areaRatio: number;
  readonly accepted: boolean;
}

export interface ApexDeficit {
  /** Work-grid voxel indices to add, and the label of each. */
  readonly voxels: number[];
  readonly sides: number[];
  /** Candidate components of 1 mL or more, taken or not. */
  readonly components: ApexComponent[];
}

/**
 * A mass that replaced the apex of one lung: no lung lies above or beside it on its side, so
 * neither a ball, a hull lid nor lines of that lung can tell it from the chest wall and the
 * neck. The other lung mirrored across the midline is the expected lung there. Of the expected
 * lung that is not lung, in the body, not bone and not airway, the thick soft-tissue (or
 * cavity) parts that touch the deficient lung, reach up to the apex, hold at least MIN_ML and
 * sit in slices where that lung is much smaller than the other are taken in with their rim.
 * Ordinary asymmetry (apex heights a few millimetres apart, the mediastinal strip, the great
 * vessels lower down) is thinner, fat, too low or too small. Returns the number of voxels added.
 */
export function fillApicalDeficit(w: WorkVolume, labels: Uint8Array, body: Uint8Array, airways: Uint8Array, centreI: Float64Array): number {
  const found = apicalDeficit(w, labels, body, airways, centreI);
  let added = 0;
  for (let t = 0; t < found.voxels.length; t++) {
    const q = found.voxels[t]!;
    if (labels[q]) continue;
    labels[q] = found.sides[t]!;
    added++;
  }
  return added;
}

/** What fillApicalDeficit adds (it changes nothing), with every candidate component and its verdict. */
export function apicalDeficit(w: WorkVolume, labels: Uint8Array, body: Uint8Array, airways: Uint8Array, centreI: Float64Array): ApexDeficit {
  const out: ApexDeficit = { voxels: [], sides: [], components: [] };
  const area = lungAreas(w, labels);
  for (const side of [RIGHT, LEFT]) {
    const other = side === RIGHT ? LEFT : RIGHT;
    const top = topSlice(area[other]!);
    // No other lung, or no apex: where the scan cuts through the lung's bulk (an abdominal
    // scan shows only the bases, where the heart would be the "deficit"), nothing to mirror.
    if (top < 0 || apexCapShare(area[other]!, top) > APEX_CAP_SHARE) continue;
    const k0 = Math.max(0, top - Math.ceil(SLAB_MM / w.spacing[2]));
    const mid = midline(w, labels, centreI, k0, top);
    if (mid === undefined) continue;
    deficitOnSide(w, labels, body, airways, { side, other, k0, top, mid }, { mine: area[side]!, theirs: area[other]! }, out);
  }
  return out;
}

function deficitOnSide(
  w: WorkVolume, labels: Uint8Array, body: Uint8Array, airways: Uint8Array, s: SideSlab, area: { mine: Int32Array; theirs: Int32Array }, out: ApexDeficit,
): void {
  const [nx, ny] = w.dims;
  const n = sliceSize(w);
  const box = mirroredBox(w, labels, s, GROW_MM + TOL_MM);
  if (!box) return;
  const { i0, j0, bx, by } = box;
  const bz = s.top - s.k0 + 1;
  const dims: Vec3 = [bx, by, bz];
  // Box voxel p = i + bx * (j + by * k) is work voxel q = at(i, j, k).
  const at = (i: number, j: number, k: number) => i0 + i + nx * (j0 + j) + n * (s.k0 + k);
  // Not lung yet, in the body, not airway, not bone.
  const free = (q: number) => !labels[q] && body[q] === 1 && !airways[q] && w.data[q]! < BONE_HU;
  // The expected lung (the other lung mirrored); the cores are its free, non-fat part.
  const expected = new Uint8Array(bx * by * bz);
  const seed = new Uint8Array(expected.length);
  let any = false;
  for (let k = 0, p = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      for (let i = 0; i < bx; i++, p++) {
        const mi = Math.round(2 * s.mid - (i0 + i));
        if (mi < 0 || mi >= nx || labels[mi + nx * (j0 + j) + n * (s.k0 + k)] !== s.other) continue;
        expected[p] = 1;
        const q = at(i, j, k);
        const hu = w.data[q]!;
        if (!free(q) || (hu <= FAT_HU && hu >= AIR_HU)) continue;
        seed[p] = 1;
        any = true;
      }
    }
  }
  if (!any) return;
  const grid = { dims, spacing: w.spacing };
  const core = open(seed, grid, OPEN_MM, { planar: true });
  const c = labelComponents(core, dims, 6);
  if (c.count === 0) return;
  const touches = new Uint8Array(c.count + 1);
  const lowest = new Int32Array(c.count + 1).fill(bz);
  const highest = new Int32Array(c.count + 1).fill(-1);
  const isSide = (q: number) => labels[q] === s.side;
  for (let k = 0, p = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      for (let i = 0; i < bx; i++, p++) {
        const id = c.labels[p]!;
        if (!id) continue;
        if (k < lowest[id]!) lowest[id] = k;
        if (k > highest[id]!) highest[id] = k;
        if (touches[id]) continue;
        const q = at(i, j, k);
        const gi = i0 + i;
        const gj = j0 + j;
        const gk = s.k0 + k;
        if ((gi > 0 && isSide(q - 1)) || (gi < nx - 1 && isSide(q + 1)) || (gj > 0 && isSide(q - nx)) ||
          (gj < ny - 1 && isSide(q + nx)) || (gk > 0 && isSide(q - n)) || (gk < w.dims[2] - 1 && isSide(q + n))) touches[id] = 1;
      }
    }
  }
  const ml = voxelMl(w);
  const accepted = new Uint8Array(c.count + 1);
  let anyAccepted = false;
  for (let id = 1; id <= c.count; id++) {
    const belowApexMm = (bz - 1 - highest[id]!) * w.spacing[2];
    const volumeMl = c.sizes[id]! * ml;
    let mine = 0;
    let theirs = 0;
    for (let k = s.k0 + lowest[id]!; k <= s.k0 + highest[id]!; k++) {
      mine += area.mine[k]!;
      theirs += area.theirs[k]!;
    }
    const areaRatio = theirs > 0 ? mine / theirs : 1;
    // Lung must lie below the mass inside the slab: what runs down out of it is the
    // mediastinum (A0002: 130 mL of great vessels and hilum from 32 to 96 mm below the apex).
    const bottomBelowApexMm = (bz - 1 - lowest[id]!) * w.spacing[2];
    const closedBelow = lowest[id]! > 0;
    const ok = touches[id] === 1 && belowApexMm <= REACH_MM && closedBelow && volumeMl >= MIN_ML && areaRatio <= MAX_AREA_RATIO;
    if (ok) {
      accepted[id] = 1;
      anyAccepted = true;
    }
    if (volumeMl >= 1) {
      out.components.push({ side: s.side, belowApexMm: round2(belowApexMm), bottomBelowApexMm: round2(bottomBelowApexMm), volumeMl: round2(volumeMl), touchesLung: touches[id] === 1, areaRatio: round2(areaRatio), accepted: ok });
    }
  }
  if (!anyAccepted) return;
  const taken = new Uint8Array(core.length);
  for (let p = 0; p < core.length; p++) if (accepted[c.labels[p]!]) taken[p] = 1;
  const near = dilate(taken, grid, GROW_MM);
  const wide = dilate(expected, grid, TOL_MM, { planar: true });
  for (let k = 0, p = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      for (let i = 0; i < bx; i++, p++) {
        if (!near[p] || !wide[p]) continue;
        const q = at(i, j, k);
        if (!free(q)) continue;
        out.voxels.push(q);
        out.sides.push(s.side);
      }
    }
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
