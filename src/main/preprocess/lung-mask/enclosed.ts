import { labelBoundingBox } from '../../../shared/image/crop-box';
import { LEFT, RIGHT } from './split';
import type { WorkVolume } from './work-volume';

// Longest lung-to-lung chord (mm) a line may bridge, and how many of the 13 line directions
// must bridge a voxel. Measured on phantoms (seeds 2, 18, 6): chords of 30-60 mm and 3-8
// directions; 40 mm / 4 took the most of seed 2's basal tumour for the least mediastinum.
const MAX_CHORD_MM = 40;
const MIN_DIRECTIONS = 4;

/**
 * Takes in tissue lying in a gap of one lung (enclosureCounts) outside the mediastinum (the
 * span between the two lungs in each row of a slice, so the hilum and great vessels are not
 * bridged from front to back). Returns the number of voxels added.
 */
export function fillEnclosedGaps(w: WorkVolume, labels: Uint8Array, body: Uint8Array, centreI: Float64Array): number {
  const e = enclosureCounts(w, labels, body, MAX_CHORD_MM);
  const between = betweenLungs(w, labels, centreI);
  let added = 0;
  for (let q = 0; q < labels.length; q++) {
    if (labels[q] || between[q] || e.count[q]! < MIN_DIRECTIONS) continue;
    labels[q] = e.side[q]!;
    added++;
  }
  return added;
}

/**
 * Per row of each slice, the voxels between the right lung's most medial voxel and the left
 * lung's. Where a row has one lung (or none), the body centre `centreI` stands in for the
 * missing lung; without `centreI` such a row marks nothing.
 */
export function betweenLungs(w: WorkVolume, labels: Uint8Array, centreI?: Float64Array): Uint8Array {
  const [nx, ny, nz] = w.dims;
  const out = new Uint8Array(labels.length);
  for (let k = 0; k < nz; k++) {
    const c = centreI === undefined || Number.isNaN(centreI[k]!) ? nx / 2 : centreI[k]!;
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      let rmax = -1;
      let lmin = nx;
      for (let i = 0; i < nx; i++) {
        const l = labels[row + i];
        if (l === RIGHT) rmax = i;
        else if (l === LEFT && lmin === nx) lmin = i;
      }
      if (centreI === undefined && (rmax < 0 || lmin === nx)) continue;
      const from = Math.max(0, rmax >= 0 ? rmax + 1 : Math.ceil(c));
      const to = Math.min(nx - 1, lmin < nx ? lmin - 1 : Math.floor(c));
      if (to >= from) out.fill(1, row + from, row + to + 1);
    }
  }
  return out;
}

// The 13 line directions of the 26-neighbourhood (one of each opposite pair).
const DIRECTIONS: readonly (readonly [number, number, number])[] = [
  [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, -1, 0], [1, 0, 1], [-1, 0, 1],
  [0, 1, 1], [0, -1, 1], [1, 1, 1], [-1, 1, 1], [1, -1, 1], [-1, -1, 1],
];

const FAR = 255;

/**
 * Counts, for every voxel outside both lungs, in how many line directions it lies in a gap of one
 * lung: the line through it meets that lung on both sides within `maxChordMm` in all, crossing
 * neither the other lung nor the outside of the body. A mass that cuts a thin lung in two (at the
 * base, along the wall) or sits in a bay with lung around it is bridged along several lines even
 * where a ball cannot fill it (the ball rolls in through the mass from the organ beyond); the
 * heart, the liver and the mediastinum are wider than the chord or lie between the two lungs.
 * Returns per voxel the count for the lung with the larger count (ties to the right lung) and that
 * lung's label.
 */
export function enclosureCounts(w: WorkVolume, labels: Uint8Array, body: Uint8Array, maxChordMm: number): { count: Uint8Array; side: Uint8Array } {
  const [nx, ny] = w.dims;
  const count = new Uint8Array(labels.length);
  const side = new Uint8Array(labels.length);
  for (const label of [RIGHT, LEFT]) {
    const box = labelBoundingBox(labels, w.dims, label);
    if (!box) continue;
    const lo = [0, 1, 2].map((a) => box.lo[a]!);
    const hi = [0, 1, 2].map((a) => box.hi[a]!);
    const bx = hi[0]! - lo[0]! + 1;
    const by = hi[1]! - lo[1]! + 1;
    const bz = hi[2]! - lo[2]! + 1;
    const n = bx * by * bz;
    // 0 = free tissue, 1 = this lung, 2 = blocked (other lung, outside the body).
    const kind = new Uint8Array(n);
    let p = 0;
    for (let k = 0; k < bz; k++) {
      for (let j = 0; j < by; j++) {
        for (let i = 0; i < bx; i++, p++) {
          const q = lo[0]! + i + nx * (lo[1]! + j + ny * (lo[2]! + k));
          const l = labels[q]!;
          kind[p] = l === label ? 1 : l !== 0 || !body[q] ? 2 : 0;
        }
      }
    }
    const here = new Uint8Array(n);
    const fwd = new Uint8Array(n);
    const bwd = new Uint8Array(n);
    for (const d of DIRECTIONS) {
      const stepMm = Math.hypot(d[0] * w.spacing[0], d[1] * w.spacing[1], d[2] * w.spacing[2]);
      const maxSteps = Math.min(FAR - 1, Math.floor(maxChordMm / stepMm) + 1);
      scan(kind, [bx, by, bz], d, fwd, 1);
      scan(kind, [bx, by, bz], d, bwd, -1);
      for (let t = 0; t < n; t++) if (kind[t] === 0 && fwd[t]! + bwd[t]! <= maxSteps) here[t]!++;
    }
    p = 0;
    for (let k = 0; k < bz; k++) {
      for (let j = 0; j < by; j++) {
        for (let i = 0; i < bx; i++, p++) {
          if (!here[p]) continue;
          const q = lo[0]! + i + nx * (lo[1]! + j + ny * (lo[2]! + k));
          if (here[p]! > count[q]!) {
            count[q] = here[p]!;
            side[q] = label;
          }
        }
      }
    }
  }
  return { count, side };
}

/**
 * Steps from each voxel back along `sign * d` to the nearest lung voxel (kind 1), FAR when a
 * blocked voxel or the box edge comes first. Voxels are visited so that the neighbour behind
 * is always done first.
 */
function scan(kind: Uint8Array, dims: readonly [number, number, number], d: readonly [number, number, number], out: Uint8Array, sign: 1 | -1): void {
  const [bx, by, bz] = dims;
  const di = sign * d[0];
  const dj = sign * d[1];
  const dk = sign * d[2];
  // Walk in the order that visits (i-di, j-dj, k-dk) before (i, j, k).
  const kOrder = dk > 0 || (dk === 0 && (dj > 0 || (dj === 0 && di > 0)));
  const ks = kOrder ? 0 : bz - 1;
  const ke = kOrder ? bz : -1;
  const kStep = kOrder ? 1 : -1;
  const jUp = dj !== 0 ? dj > 0 : kOrder;
  const iUp = di !== 0 ? di > 0 : kOrder;
  const offset = di + bx * (dj + by * dk);
  for (let k = ks; k !== ke; k += kStep) {
    for (let jj = 0; jj < by; jj++) {
      const j = jUp ? jj : by - 1 - jj;
      for (let ii = 0; ii < bx; ii++) {
        const i = iUp ? ii : bx - 1 - ii;
        const t = i + bx * (j + by * k);
        const kd = kind[t]!;
        if (kd === 1) {
          out[t] = 0;
          continue;
        }
        if (kd === 2) {
          out[t] = FAR;
          continue;
        }
        const pi = i - di;
        const pj = j - dj;
        const pk = k - dk;
        if (pi < 0 || pi >= bx || pj < 0 || pj >= by || pk < 0 || pk >= bz) {
          out[t] = FAR;
          continue;
        }
        const prev = out[t - offset]!;
        out[t] = prev >= FAR - 1 ? FAR : prev + 1;
      }
    }
  }
}
