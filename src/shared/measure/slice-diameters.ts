import { convexHull2d, farthestPair, type Pt2 } from './hull';

/** The pixels of one lesion on one axial slice: for each occupied row j, every column i in it. */
export interface SlicePixels {
  readonly i: Int32Array;
  readonly j: Int32Array;
}

export interface AxialDiameters {
  /** Longest diameter in mm, measured between the outer edges of the pixels. */
  readonly longestMm: number;
  /** Longest chord perpendicular to it, in mm (RECIST's short axis). */
  readonly perpendicularMm: number;
  /** Ends of each line in continuous index coordinates (i, j), for drawing on the slice. */
  readonly longestLine: readonly [Pt2, Pt2];
  readonly perpendicularLine: readonly [Pt2, Pt2];
}

/** Pixel-corner points of the row extremes: enough to span the hull of the pixel squares. */
export function rowExtremeCorners(px: SlicePixels, si: number, sj: number): Pt2[] {
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  for (let n = 0; n < px.i.length; n++) {
    const i = px.i[n]!;
    const j = px.j[n]!;
    if (!(lo.get(j)! <= i)) lo.set(j, i);
    if (!(hi.get(j)! >= i)) hi.set(j, i);
  }
  const out: Pt2[] = [];
  for (const [j, i0] of lo) {
    const i1 = hi.get(j)!;
    for (const dj of [-0.5, 0.5]) {
      out.push([(i0 - 0.5) * si, (j + dj) * sj], [(i1 + 0.5) * si, (j + dj) * sj]);
    }
  }
  return out;
}

/**
 * Longest in-plane diameter (farthest pair of the hull of the pixel squares) and the longest
 * chord perpendicular to it. The chord is found by slicing the lesion into strips across the
 * long axis (half a pixel wide) and taking the widest strip.
 */
export function axialDiameters(px: SlicePixels, si: number, sj: number): AxialDiameters | undefined {
  if (px.i.length === 0) return undefined;
  const hull = convexHull2d(rowExtremeCorners(px, si, sj));
  const far = farthestPair(hull);
  if (!far) return undefined;
  const [a, b] = [far.a, far.b];
  const len = far.length;
  const ax: Pt2 = len > 0 ? [(b[0] - a[0]) / len, (b[1] - a[1]) / len] : [1, 0];
  const pe: Pt2 = [-ax[1], ax[0]];
  const strip = Math.min(si, sj) / 2;
  const bins = Math.max(1, Math.ceil(len / strip) + 2);
  const lo = new Float64Array(bins).fill(Infinity);
  const hi = new Float64Array(bins).fill(-Infinity);
  // Half-extent of one pixel square projected on each axis.
  const ha = (Math.abs(ax[0]) * si + Math.abs(ax[1]) * sj) / 2;
  const hp = (Math.abs(pe[0]) * si + Math.abs(pe[1]) * sj) / 2;
  for (let n = 0; n < px.i.length; n++) {
    const x = px.i[n]! * si - a[0];
    const y = px.j[n]! * sj - a[1];
    const t = x * ax[0] + y * ax[1];
    const s = x * pe[0] + y * pe[1];
    const first = Math.max(0, Math.ceil((t - ha * 0.999) / strip));
    const last = Math.min(bins - 1, Math.floor((t + ha * 0.999) / strip));
    for (let q = first; q <= last; q++) {
      if (s - hp < lo[q]!) lo[q] = s - hp;
      if (s + hp > hi[q]!) hi[q] = s + hp;
    }
  }
  let bestQ = 0;
  let bestW = 0;
  for (let q = 0; q < bins; q++) {
    const w = hi[q]! - lo[q]!;
    if (w > bestW) [bestQ, bestW] = [q, w];
  }
  const t = bestQ * strip;
  const toIndex = (s: number): Pt2 => [(a[0] + ax[0] * t + pe[0] * s) / si, (a[1] + ax[1] * t + pe[1] * s) / sj];
  return {
    longestMm: len,
    perpendicularMm: bestW,
    longestLine: [[a[0] / si, a[1] / sj], [b[0] / si, b[1] / sj]],
    perpendicularLine: [toIndex(lo[bestQ]!), toIndex(hi[bestQ]!)],
  };
}
