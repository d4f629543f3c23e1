import { labelComponents } from '../../../shared/image/components';
import { squaredDistance } from '../../../shared/image/distance';
import { labelBoundingBox } from '../../../shared/image/crop-box';
import type { Vec3 } from '../../../shared/volume/mat3';
import type { AirComponent } from './candidates';
import { sliceSize, type WorkVolume } from './work-volume';

export const RIGHT = 1;
export const LEFT = 2;

// A component with more than this share on both sides of the midline holds both lungs.
const SPAN_SHARE = 0.15;
// Erode up to this depth looking for the two lungs; wider contact is split at the midline.
const MAX_ERODE_MM = 24;
const ERODE_STEP_MM = 2;
// Without cores, a component this balanced across the midline is cut there; otherwise it is one lung.
const MIDLINE_CUT_SHARE = 0.3;
// Each side's core must hold at least this share of the eroded component to count as a lung.
const CORE_SHARE = 0.05;

export interface SideLabels {
  /** 0 background, 1 right lung, 2 left lung. */
  readonly labels: Uint8Array;
  /** How the lungs were separated, for the stats. */
  readonly separation: 'apart' | 'eroded' | 'midline' | 'single';
  readonly erodedMm: number;
}

/**
 * Labels the selected lung components right (1) or left (2) in patient terms. Components
 * lying on one side take that side. A component spanning the midline holds both lungs joined
 * at a junction line (anterior or posterior) or through leftover airway: it is eroded until it
 * falls into a right and a left core, and every voxel goes to the core it reaches first
 * inside the component (a geodesic partition), so the cut follows the junction.
 */
export function labelSides(w: WorkVolume, comps: Int32Array, lungs: readonly AirComponent[], centreI: Float64Array): SideLabels {
  const labels = new Uint8Array(comps.length);
  const side = new Map<number, number>();
  let separation: SideLabels['separation'] = 'apart';
  let erodedMm = 0;
  for (const c of lungs) {
    if (c.rightFraction > 1 - SPAN_SHARE) side.set(c.id, RIGHT);
    else if (c.rightFraction < SPAN_SHARE) side.set(c.id, LEFT);
  }
  for (const c of lungs) {
    if (side.has(c.id)) continue;
    // Work in the component's own box: the erosions and labellings touch nothing else.
    const box = labelBoundingBox(comps, w.dims, c.id)!;
    const dims: Vec3 = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1];
    const [nx, ny] = w.dims;
    const at = (i: number, j: number, k: number) => box.lo[0] + i + nx * (box.lo[1] + j + ny * (box.lo[2] + k));
    const member = new Uint8Array(dims[0] * dims[1] * dims[2]);
    let p = 0;
    for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, p++) member[p] = comps[at(i, j, k)] === c.id ? 1 : 0;
    const centre = Float64Array.from({ length: dims[2] }, (_, k) => centreI[box.lo[2] + k]! - box.lo[0]);
    const split = splitComponent({ dims, spacing: w.spacing }, member, centre);
    separation = split.how;
    erodedMm = Math.max(erodedMm, split.depthMm);
    p = 0;
    for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, p++) if (member[p]) labels[at(i, j, k)] = split.labels[p]!;
  }
  for (let q = 0; q < comps.length; q++) {
    const s = side.get(comps[q]!);
    if (s !== undefined) labels[q] = s;
  }
  const present = new Set<number>();
  for (let q = 0; q < labels.length; q++) if (labels[q]) present.add(labels[q]!);
  if (present.size === 1 && separation === 'apart') separation = 'single';
  return { labels, separation, erodedMm };
}

function splitComponent(w: Pick<WorkVolume, 'dims' | 'spacing'>, member: Uint8Array, centreI: Float64Array): { labels: Uint8Array; how: SideLabels['separation']; depthMm: number } {
  const [nx, ny] = w.dims;
  const n = sliceSize(w);
  const depth2 = squaredDistance(member, w.dims, w.spacing, { inverse: true });
  const sideOf = (q: number) => {
    const k = Math.floor(q / n);
    const mid = Number.isNaN(centreI[k]!) ? nx / 2 : centreI[k]!;
    return q % nx < mid ? RIGHT : LEFT;
  };
  for (let t = ERODE_STEP_MM; t <= MAX_ERODE_MM; t += ERODE_STEP_MM) {
    const core = new Uint8Array(member.length);
    let total = 0;
    for (let q = 0; q < core.length; q++) {
      if (member[q] && depth2[q]! > t * t) {
        core[q] = 1;
        total++;
      }
    }
    if (total === 0) break;
    const c = labelComponents(core, w.dims, 6);
    // The biggest core on each side, judged by where most of its voxels lie.
    const votes = Array.from({ length: c.count + 1 }, () => [0, 0, 0]);
    for (let q = 0; q < core.length; q++) if (c.labels[q]) votes[c.labels[q]!]![sideOf(q)]!++;
    let right = 0;
    let left = 0;
    for (let id = 1; id <= c.count; id++) {
      const v = votes[id]!;
      const s = v[RIGHT]! >= v[LEFT]! ? RIGHT : LEFT;
      if (c.sizes[id]! < CORE_SHARE * total) continue;
      if (s === RIGHT && (!right || c.sizes[id]! > c.sizes[right]!)) right = id;
      if (s === LEFT && (!left || c.sizes[id]! > c.sizes[left]!)) left = id;
    }
    if (right && left) {
      const seeds = new Uint8Array(member.length);
      for (let q = 0; q < seeds.length; q++) seeds[q] = c.labels[q] === right ? RIGHT : c.labels[q] === left ? LEFT : 0;
      return { labels: geodesicGrow(seeds, member, [nx, ny, w.dims[2]]), how: 'eroded', depthMm: t };
    }
  }
  // No two cores: either one lung reaching over the midline (after a pneumonectomy the other
  // lung herniates across) or two lungs fused too broadly to erode apart.
  const labels = new Uint8Array(member.length);
  let right = 0;
  let total = 0;
  for (let q = 0; q < labels.length; q++) {
    if (!member[q]) continue;
    total++;
    if (sideOf(q) === RIGHT) right++;
  }
  const share = right / Math.max(1, total);
  const whole = share > 1 - MIDLINE_CUT_SHARE ? RIGHT : share < MIDLINE_CUT_SHARE ? LEFT : 0;
  for (let q = 0; q < labels.length; q++) if (member[q]) labels[q] = whole || sideOf(q);
  return { labels, how: whole ? 'single' : 'midline', depthMm: MAX_ERODE_MM };
}

/** Grows labelled seeds through `allowed` voxels in breadth-first waves (6-connected); first to arrive wins. */
export function geodesicGrow(seeds: Uint8Array, allowed: Uint8Array, dims: readonly [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out = new Uint8Array(seeds);
  let frontier = new Int32Array(1024);
  let size = 0;
  const push = (q: number) => {
    if (size === frontier.length) {
      const grown = new Int32Array(frontier.length * 2);
      grown.set(frontier);
      frontier = grown;
    }
    frontier[size++] = q;
  };
  for (let q = 0; q < out.length; q++) if (out[q]) push(q);
  // One queue read front to back is breadth-first: every wave follows the one before it.
  for (let head = 0; head < size; head++) {
    const q = frontier[head]!;
    const l = out[q]!;
    const i = q % nx;
    const j = ((q - i) / nx) % ny;
    const k = (q - i - nx * j) / sxy;
    if (i > 0 && allowed[q - 1] && !out[q - 1]) { out[q - 1] = l; push(q - 1); }
    if (i < nx - 1 && allowed[q + 1] && !out[q + 1]) { out[q + 1] = l; push(q + 1); }
    if (j > 0 && allowed[q - nx] && !out[q - nx]) { out[q - nx] = l; push(q - nx); }
    if (j < ny - 1 && allowed[q + nx] && !out[q + nx]) { out[q + nx] = l; push(q + nx); }
    if (k > 0 && allowed[q - sxy] && !out[q - sxy]) { out[q - sxy] = l; push(q - sxy); }
    if (k < nz - 1 && allowed[q + sxy] && !out[q + sxy]) { out[q + sxy] = l; push(q + sxy); }
  }
  return out;
}
