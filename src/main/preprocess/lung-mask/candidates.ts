import { labelComponents } from '../../../shared/image/components';
import { squaredDistance } from '../../../shared/image/distance';
import { sliceSize, voxelMl, type WorkVolume } from './work-volume';

/** Air inside the body: lungs, airways, bowel gas. Partial-volume lung edges sit above -500. */
export const LUNG_HU = -400;
/** Bowel gas is pure air; even emphysematous lung averaged to 2 mm rarely has half its voxels below this. */
const GAS_HU = -950;
const GAS_FRACTION = 0.5;
/** Air within this distance of the body outline is a skin fold or the gap to the table, never lung. */
const RIM_MM = 5;
const RIM_FRACTION = 0.2;
const MIN_ML = 2;
const MIN_SHARE_OF_LARGEST = 0.01;

export interface AirComponent {
  readonly id: number;
  readonly voxels: number;
  readonly volumeMl: number;
  readonly meanHu: number;
  /** Share of voxels darker than -950 HU (pure gas). */
  readonly gasFraction: number;
  /** Share of voxels within 5 mm of the body outline. */
  readonly rimFraction: number;
  readonly centroid: readonly [number, number, number];
  readonly kMin: number;
  readonly kMax: number;
  /** Share of voxels on the patient's right of the body's centre line. */
  readonly rightFraction: number;
}

export interface AirCandidates {
  readonly labels: Int32Array;
  readonly components: readonly AirComponent[];
}

/** 3D components (6-connected) of air inside the body, minus the tracked airways, with what tells lung from gas. */
export function airComponents(w: WorkVolume, body: Uint8Array, airways: Uint8Array, centreI: Float64Array): AirCandidates {
  const [nx, ny, nz] = w.dims;
  const n = sliceSize(w);
  const air = new Uint8Array(n * nz);
  for (let q = 0; q < air.length; q++) air[q] = body[q] && !airways[q] && w.data[q]! < LUNG_HU ? 1 : 0;
  const c = labelComponents(air, w.dims, 6);
  const outside = new Uint8Array(n * nz);
  for (let q = 0; q < outside.length; q++) outside[q] = body[q] ? 0 : 1;
  const toOutside = squaredDistance(outside, w.dims, w.spacing, { planar: true });
  const rim2 = RIM_MM * RIM_MM;
  const acc = Array.from({ length: c.count + 1 }, () => ({ sum: 0, gas: 0, rim: 0, right: 0, i: 0, j: 0, k: 0, kMin: Infinity, kMax: -Infinity }));
  let q = 0;
  for (let k = 0; k < nz; k++) {
    const mid = Number.isNaN(centreI[k]!) ? nx / 2 : centreI[k]!;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, q++) {
        const id = c.labels[q]!;
        if (!id) continue;
        const a = acc[id]!;
        const v = w.data[q]!;
        a.sum += v;
        if (v < GAS_HU) a.gas++;
        if (toOutside[q]! <= rim2) a.rim++;
        if (i < mid) a.right++;
        a.i += i;
        a.j += j;
        a.k += k;
        if (k < a.kMin) a.kMin = k;
        if (k > a.kMax) a.kMax = k;
      }
    }
  }
  const ml = voxelMl(w);
  const components: AirComponent[] = [];
  for (let id = 1; id <= c.count; id++) {
    const a = acc[id]!;
    const size = c.sizes[id]!;
    components.push({
      id, voxels: size, volumeMl: size * ml, meanHu: a.sum / size, gasFraction: a.gas / size, rimFraction: a.rim / size,
      centroid: [a.i / size, a.j / size, a.k / size], kMin: a.kMin, kMax: a.kMax, rightFraction: a.right / size,
    });
  }
  return { labels: c.labels, components };
}

export interface Selection {
  readonly lungs: AirComponent[];
  /** Why the larger rejected components were rejected, for the stats and for tuning. */
  readonly rejected: { readonly id: number; readonly volumeMl: number; readonly reason: string }[];
}

// The main lungs: the largest plausible component and any other at least this share of it.
const MAIN_SHARE = 0.2;
// Air with lung straight above it, across at least this much tissue (diaphragm and gut wall), lies under the diaphragm.
const DIAPHRAGM_GAP_MM = 4;
const LOOK_UP_MM = 80;
const UNDER_SHARE = 0.3;

/**
 * Picks the lung components: not pure gas (bowel, stomach), not hugging the body outline (skin
 * folds, the gap to the table), not tiny, and not under the diaphragm (wholly below the largest
 * lung, or with the main lungs straight above it beyond a layer of tissue).
 */
export function selectLungs(w: WorkVolume, candidates: AirCandidates): Selection {
  const rejected: { id: number; volumeMl: number; reason: string }[] = [];
  const reject = (c: AirComponent, reason: string) => {
    if (c.volumeMl >= MIN_ML) rejected.push({ id: c.id, volumeMl: Math.round(c.volumeMl * 10) / 10, reason });
  };
  const plausible: AirComponent[] = [];
  for (const c of candidates.components) {
    if (c.volumeMl < MIN_ML) reject(c, 'too small');
    else if (c.gasFraction >= GAS_FRACTION) reject(c, `pure gas (${Math.round(c.gasFraction * 100)}% below ${GAS_HU} HU): bowel or stomach`);
    else if (c.rimFraction >= RIM_FRACTION) reject(c, 'lies along the body outline');
    else plausible.push(c);
  }
  plausible.sort((a, b) => b.voxels - a.voxels);
  const largest = plausible[0];
  if (!largest) return { lungs: [], rejected };
  const main = new Set(plausible.filter((c) => c.voxels >= MAIN_SHARE * largest.voxels).map((c) => c.id));
  const mainSides = new Set(plausible.filter((c) => main.has(c.id)).flatMap((c) => sidesOf(c)));
  const lungs: AirComponent[] = [];
  for (const c of plausible) {
    if (main.has(c.id)) lungs.push(c);
    else if (c.voxels < MIN_SHARE_OF_LARGEST * largest.voxels) reject(c, 'too small next to the lungs');
    // Where no main lung lies (a pneumonectomy side), a small pocket of air is gut, not a lung.
    else if (!sidesOf(c).some((s) => mainSides.has(s))) reject(c, 'small and alone on a side without a lung');
    // Only the lungs themselves meet at the midline; small air astride it is airway or oesophagus.
    else if (sidesOf(c).length === 2) reject(c, 'small and astride the midline (airway or oesophagus)');
    else if (c.kMax < largest.kMin) reject(c, 'below the lungs (under the diaphragm)');
    else if (shareUnderLung(w, candidates.labels, c.id, main) >= UNDER_SHARE) reject(c, 'lung lies above it across the diaphragm');
    else lungs.push(c);
  }
  return { lungs, rejected };
}

function sidesOf(c: AirComponent): ('right' | 'left')[] {
  if (c.rightFraction > 0.85) return ['right'];
  if (c.rightFraction < 0.15) return ['left'];
  return ['right', 'left'];
}

function shareUnderLung(w: WorkVolume, labels: Int32Array, id: number, main: ReadonlySet<number>): number {
  const n = sliceSize(w);
  const nz = w.dims[2];
  const gap = Math.max(1, Math.round(DIAPHRAGM_GAP_MM / w.spacing[2]));
  const reach = Math.max(gap + 1, Math.round(LOOK_UP_MM / w.spacing[2]));
  let total = 0;
  let under = 0;
  for (let q = 0; q < labels.length; q++) {
    if (labels[q] !== id) continue;
    total++;
    const k = Math.floor(q / n);
    let tissue = 0;
    for (let kk = k + 1; kk < Math.min(nz, k + 1 + reach); kk++) {
      const p = q + (kk - k) * n;
      const l = labels[p]!;
      if (l === id) {
        tissue = 0;
        continue;
      }
      if (main.has(l)) {
        if (tissue >= gap) under++;
        break;
      }
      if (w.data[p]! > LUNG_HU) tissue++;
      else break;
    }
  }
  return under / Math.max(1, total);
}
