import { LEFT, RIGHT } from './split';
import { sliceSize, type WorkVolume } from './work-volume';

/** Geometry helpers of the apical prior (apex-prior.ts): where the apex is, the midline, the mirrored lung's box. */

export interface SideSlab {
  readonly side: number;
  readonly other: number;
  /** Slices k0..top: the slab under the other lung's apex. */
  readonly k0: number;
  readonly top: number;
  /** i of the sagittal midline plane. */
  readonly mid: number;
}

/**
 * The box (in i and j; the slab in k) holding the other lung mirrored, grown by `marginMm`,
 * so the morphology runs on a fraction of the slab.
 */
export function mirroredBox(w: WorkVolume, labels: Uint8Array, s: SideSlab, marginMm: number): { i0: number; j0: number; bx: number; by: number } | undefined {
  const [nx, ny] = w.dims;
  const n = sliceSize(w);
  let ilo = nx;
  let ihi = -1;
  let jlo = ny;
  let jhi = -1;
  for (let k = s.k0; k <= s.top; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (labels[i + nx * j + n * k] !== s.other) continue;
        const mi = Math.round(2 * s.mid - i);
        if (mi < ilo) ilo = mi;
        if (mi > ihi) ihi = mi;
        if (j < jlo) jlo = j;
        if (j > jhi) jhi = j;
      }
    }
  }
  const mi = Math.ceil(marginMm / w.spacing[0]) + 1;
  const mj = Math.ceil(marginMm / w.spacing[1]) + 1;
  const i0 = Math.max(0, ilo - mi);
  const i1 = Math.min(nx - 1, ihi + mi);
  const j0 = Math.max(0, jlo - mj);
  const j1 = Math.min(ny - 1, jhi + mj);
  if (i1 < i0 || j1 < j0) return undefined;
  return { i0, j0, bx: i1 - i0 + 1, by: j1 - j0 + 1 };
}

/** Voxels of each label (index 1 right, 2 left) per slice: one pass for every slice test. */
export function lungAreas(w: WorkVolume, labels: Uint8Array): [Int32Array, Int32Array, Int32Array] {
  const n = sliceSize(w);
  const nz = w.dims[2];
  const out: [Int32Array, Int32Array, Int32Array] = [new Int32Array(nz), new Int32Array(nz), new Int32Array(nz)];
  for (let k = 0; k < nz; k++) {
    const counts = [0, 0, 0];
    for (let q = k * n; q < (k + 1) * n; q++) counts[labels[q]!]!++;
    out[1][k] = counts[1]!;
    out[2][k] = counts[2]!;
  }
  return out;
}

/** The highest slice with any of the lung (-1: none). */
export function topSlice(area: Int32Array): number {
  for (let k = area.length - 1; k >= 0; k--) if (area[k]! > 0) return k;
  return -1;
}

/** The lung's area in its highest slice over its largest slice's: small at an apex, about 1 where the scan cuts the lung. */
export function apexCapShare(area: Int32Array, top: number): number {
  let largest = 0;
  for (let k = 0; k <= top; k++) largest = Math.max(largest, area[k]!);
  return largest > 0 ? area[top]! / largest : 1;
}

/**
 * The sagittal plane to mirror across: per row of the slab that shows both lungs, the midpoint
 * of their lateral edges (the ribs are symmetric; a medial mass or the mediastinum does not
 * move it), and the median over those rows, so a wall tumour that indents some rows does not
 * tilt it. The trachea is no guide (it runs a centimetre right of the midline on the phantoms);
 * the body's centre is the fallback when no row shows both lungs.
 */
export function midline(w: WorkVolume, labels: Uint8Array, centreI: Float64Array, k0: number, top: number): number | undefined {
  const [nx, ny] = w.dims;
  const n = sliceSize(w);
  const mids: number[] = [];
  for (let k = k0; k <= top; k++) {
    for (let j = 0; j < ny; j++) {
      const row = k * n + j * nx;
      let lo = -1;
      let hi = -1;
      for (let i = 0; i < nx; i++) {
        const l = labels[row + i];
        if (l === RIGHT && lo < 0) lo = i;
        else if (l === LEFT) hi = i;
      }
      if (lo >= 0 && hi >= 0) mids.push((lo + hi) / 2);
    }
  }
  if (mids.length === 0) for (let k = k0; k <= top; k++) if (!Number.isNaN(centreI[k]!)) mids.push(centreI[k]!);
  if (mids.length === 0) return undefined;
  mids.sort((a, b) => a - b);
  return mids[Math.floor(mids.length / 2)]!;
}
