import { bodyMask } from './body';
import { trackAirways } from './airways';
import { airComponents, selectLungs } from './candidates';
import { labelSides, type SideLabels } from './split';
import { refineLungs } from './refine';
import { fillPleuralPockets } from './pockets';
import { fillEnclosedGaps } from './enclosed';
import { fillTumourRims } from './tumour-rim';
import { fillApicalDeficit } from './apex-prior';
import { sliceSize, voxelMl, type WorkVolume } from './work-volume';

export interface LungMaskOptions {
  /** Per-slice closing radius in mm (see refineLungs). */
  readonly closingMm?: number;
  /** Take juxta-pleural bays into the lung (default true; see fillPleuralPockets). */
  readonly pleuralPockets?: boolean;
  /** Take in tissue lying in a gap of one lung along several lines (default true; see fillEnclosedGaps). */
  readonly enclosedGaps?: boolean;
  /** Take in a mass that replaced one lung's apex, with the other lung mirrored as the expected lung (default true; see fillApicalDeficit). */
  readonly apicalPrior?: boolean;
  /** Take in the dense rim just outside a lung around a mass inside it (default true; see fillTumourRims). */
  readonly tumourRims?: boolean;
  /** Close the band a mass leaves where it crosses rows that show both lungs (default true; see fillMassHulls). */
  readonly massHulls?: boolean;
  /** Move the edge on the CT's own grid to where its voxels say lung or tissue (default true; see refineEdgeOnCt). */
  readonly edgeOnCt?: boolean;
  /** After the edge step, one more layer where a dense mass inside a lung meets the edge (default true; see addDenseRim). */
  readonly denseRim?: boolean;
}

export const DEFAULT_CLOSING_MM = 15;

export interface WorkLungs {
  /** 0 background, 1 right lung, 2 left lung, on the work grid. */
  readonly labels: Uint8Array;
  /** 1 where the lungs' edge may grow on the CT grid: inside the body, off the trachea and main bronchi. */
  readonly growable: Uint8Array;
  readonly warnings: string[];
  readonly stats: LungMaskStats;
}

export interface LungMaskStats {
  readonly rightMl: number;
  readonly leftMl: number;
  readonly airwayMl: number;
  readonly tracheaFound: boolean;
  readonly separation: SideLabels['separation'] | 'none';
  readonly erodedMm: number;
  readonly rejected: readonly { readonly volumeMl: number; readonly reason: string }[];
  readonly workSpacing: readonly number[];
}

// Less than this is not a lung a crop could be built around.
const MIN_LUNG_ML = 5;

/** The lung-mask steps on the work grid (LPS order, HU); no I/O, no grids to map. */
export function segmentLungsOnWorkGrid(w: WorkVolume, options: LungMaskOptions = {}): WorkLungs {
  const warnings: string[] = [];
  const body = bodyMask(w);
  const airways = trackAirways(w, body.mask, body.centreI);
  const candidates = airComponents(w, body.mask, airways.mask, body.centreI);
  const selection = selectLungs(w, candidates);
  const sides = labelSides(w, candidates.labels, selection.lungs, body.centreI);
  const labels = refineLungs(w, sides.labels, body.mask, airways.mask, { closingMm: options.closingMm ?? DEFAULT_CLOSING_MM });
  // Before the bay and gap steps, which may close what its rim leaves (seed 4: 0.998 of the mass, 0.997 run last).
  if (options.apicalPrior !== false) fillApicalDeficit(w, labels, body.mask, airways.mask, body.centreI);
  if (options.pleuralPockets !== false) fillPleuralPockets(w, labels, body.mask);
  if (options.enclosedGaps !== false) fillEnclosedGaps(w, labels, body.mask, body.centreI);
  if (options.tumourRims !== false) fillTumourRims(w, labels, body.mask, options.massHulls !== false);

  const ml = voxelMl(w);
  let right = 0;
  let left = 0;
  for (let q = 0; q < labels.length; q++) {
    if (labels[q] === 1) right++;
    else if (labels[q] === 2) left++;
  }
  // A few millilitres are not a lung (a gas bubble that passed every test): drop them.
  for (const [label, count] of [[1, right], [2, left]] as const) {
    if (count * ml >= MIN_LUNG_ML) continue;
    for (let q = 0; q < labels.length; q++) if (labels[q] === label) labels[q] = 0;
  }
  const rightMl = right * ml >= MIN_LUNG_ML ? right * ml : 0;
  const leftMl = left * ml >= MIN_LUNG_ML ? left * ml : 0;
  if (rightMl < MIN_LUNG_ML && leftMl < MIN_LUNG_ML) {
    warnings.push('no lung found: this does not look like a chest CT (no air-filled lung inside the body); the lung mask is empty');
  } else if (rightMl < MIN_LUNG_ML || leftMl < MIN_LUNG_ML) {
    warnings.push(`only the ${rightMl < MIN_LUNG_ML ? 'left' : 'right'} lung was found (pneumonectomy, collapse, or a scan covering one side)`);
  }
  const n = sliceSize(w);
  const nz = w.dims[2];
  const touches = (k: number) => {
    for (let q = k * n; q < (k + 1) * n; q++) if (labels[q]) return true;
    return false;
  };
  if (rightMl + leftMl >= MIN_LUNG_ML && nz > 1) {
    if (touches(nz - 1)) warnings.push('the lungs reach the top slice: the scan does not cover the lung apices');
    if (touches(0)) warnings.push('the lungs reach the bottom slice: the scan does not cover the lung bases');
  }
  const growable = new Uint8Array(labels.length);
  for (let q = 0; q < labels.length; q++) growable[q] = body.mask[q] && !airways.mask[q] ? 1 : 0;
  return {
    labels,
    growable,
    warnings,
    stats: {
      rightMl: round1(rightMl),
      leftMl: round1(leftMl),
      airwayMl: round1(airways.volumeMl),
      tracheaFound: airways.topSlice >= 0,
      separation: selection.lungs.length === 0 ? 'none' : sides.separation,
      erodedMm: sides.erodedMm,
      rejected: selection.rejected.slice(0, 8).map(({ volumeMl, reason }) => ({ volumeMl, reason })),
      workSpacing: w.spacing.map(round1),
    },
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
