import type { PlaneGrid } from './grid';
import type { Touched } from './touched';

const SUBROWS = 4;
const MAX_CROSSINGS = 24;

/**
 * Anti-aliased polygon fill: the exact horizontal coverage of each pixel, averaged over four
 * sub-scanlines per row (even-odd rule). Only edge crossings cost work per sub-row, so a
 * 512x512 outline fills in about the time it takes to write its pixels.
 */
export class PolygonFiller {
  private readonly crossings: Float64Array;
  private readonly counts: Int32Array;
  private readonly direct: Float32Array;
  private readonly diff: Float32Array;
  private readonly sorted: Float64Array;

  constructor(private readonly grid: PlaneGrid) {
    this.crossings = new Float64Array(grid.ny * SUBROWS * MAX_CROSSINGS);
    this.counts = new Int32Array(grid.ny * SUBROWS);
    this.direct = new Float32Array(grid.nx + 1);
    this.diff = new Float32Array(grid.nx + 2);
    this.sorted = new Float64Array(MAX_CROSSINGS);
  }

  /**
   * Writes coverage in [0, 1] into `cov` for the polygon with world vertices (xs[v], ys[v]),
   * v < n, and records the written row spans in `touched`. Pixels inside the optional
   * per-row intervals [skipLo[j], skipHi[j]] are neither written nor recorded (a later layer
   * covers them completely).
   */
  fill(xs: Float64Array, ys: Float64Array, n: number, cov: Float32Array, touched: Touched, skipLo?: Int32Array, skipHi?: Int32Array): void {
    const g = this.grid;
    const totalSub = g.ny * SUBROWS;
    let sMin = totalSub;
    let sMax = -1;
    for (let e = 0; e < n; e++) {
      const f = e + 1 === n ? 0 : e + 1;
      // Pixel-edge coordinates: pixel i spans [i, i+1).
      const u0 = (xs[e]! - g.x0) / g.dx + 0.5;
      const v0 = (ys[e]! - g.y0) / g.dy + 0.5;
      const u1 = (xs[f]! - g.x0) / g.dx + 0.5;
      const v1 = (ys[f]! - g.y0) / g.dy + 0.5;
      if (v0 === v1) continue;
      const vLo = Math.min(v0, v1);
      const vHi = Math.max(v0, v1);
      const s0 = Math.max(0, Math.ceil(vLo * SUBROWS - 0.5));
      const s1 = Math.min(totalSub - 1, Math.ceil(vHi * SUBROWS - 0.5) - 1);
      if (s0 > s1) continue;
      const slope = (u1 - u0) / (v1 - v0);
      for (let s = s0; s <= s1; s++) {
        const y = (s + 0.5) / SUBROWS;
        const c = this.counts[s]!;
        if (c < MAX_CROSSINGS) {
          this.crossings[s * MAX_CROSSINGS + c] = u0 + (y - v0) * slope;
          this.counts[s] = c + 1;
        }
      }
      if (s0 < sMin) sMin = s0;
      if (s1 > sMax) sMax = s1;
    }
    if (sMax < 0) return;
    const j1 = Math.floor(sMax / SUBROWS);
    for (let j = Math.floor(sMin / SUBROWS); j <= j1; j++) this.fillRow(j, cov, touched, skipLo ? skipLo[j]! : 1, skipHi ? skipHi[j]! : 0);
  }

  /**
   * For each row, the pixel interval the polygon covers completely (all sub-rows inside), as
   * [lo[j], hi[j]]; rows without one get lo > hi. Computes crossings only, writes no coverage.
   */
  solidRows(xs: Float64Array, ys: Float64Array, n: number, lo: Int32Array, hi: Int32Array): void {
    lo.fill(1);
    hi.fill(0);
    const g = this.grid;
    const totalSub = g.ny * SUBROWS;
    let sMin = totalSub;
    let sMax = -1;
    for (let e = 0; e < n; e++) {
      const f = e + 1 === n ? 0 : e + 1;
      const u0 = (xs[e]! - g.x0) / g.dx + 0.5;
      const v0 = (ys[e]! - g.y0) / g.dy + 0.5;
      const u1 = (xs[f]! - g.x0) / g.dx + 0.5;
      const v1 = (ys[f]! - g.y0) / g.dy + 0.5;
      if (v0 === v1) continue;
      const s0 = Math.max(0, Math.ceil(Math.min(v0, v1) * SUBROWS - 0.5));
      const s1 = Math.min(totalSub - 1, Math.ceil(Math.max(v0, v1) * SUBROWS - 0.5) - 1);
      const slope = (u1 - u0) / (v1 - v0);
      for (let s = s0; s <= s1; s++) {
        const c = this.counts[s]!;
        if (c < MAX_CROSSINGS) {
          this.crossings[s * MAX_CROSSINGS + c] = u0 + ((s + 0.5) / SUBROWS - v0) * slope;
          this.counts[s] = c + 1;
        }
      }
      if (s0 <= s1) {
        if (s0 < sMin) sMin = s0;
        if (s1 > sMax) sMax = s1;
      }
    }
    for (let s = sMin; s <= sMax; s++) {
      const j = Math.floor(s / SUBROWS);
      const c = this.counts[s]!;
      this.counts[s] = 0;
      const b = s * MAX_CROSSINGS;
      // A row is solid where every one of its sub-rows has its single span covering it;
      // (1, 0) stands for an empty interval and stays empty under the max/min below.
      const first = s % SUBROWS === 0;
      let l = 1;
      let h = 0;
      if (c === 2) {
        l = Math.max(0, Math.ceil(Math.min(this.crossings[b]!, this.crossings[b + 1]!)));
        h = Math.min(g.nx - 1, Math.floor(Math.max(this.crossings[b]!, this.crossings[b + 1]!)) - 1);
      }
      if (first) {
        lo[j] = l;
        hi[j] = h;
      } else {
        if (l > lo[j]!) lo[j] = l;
        if (h < hi[j]!) hi[j] = h;
      }
    }
    if (sMax < 0) return;
    // Rows only partly crossed by sub-rows (top and bottom edges) are not solid.
    for (const j of [sMin % SUBROWS !== 0 ? Math.floor(sMin / SUBROWS) : -1, sMax % SUBROWS !== SUBROWS - 1 ? Math.floor(sMax / SUBROWS) : -1]) {
      if (j >= 0) {
        lo[j] = 1;
        hi[j] = 0;
      }
    }
  }

  private fillRow(j: number, cov: Float32Array, touched: Touched, skipLo: number, skipHi: number): void {
    const nx = this.grid.nx;
    const w = 1 / SUBROWS;
    let lo = nx;
    let hi = -1;
    for (let sub = 0; sub < SUBROWS; sub++) {
      const s = j * SUBROWS + sub;
      const c = this.counts[s]!;
      if (c < 2) {
        this.counts[s] = 0;
        continue;
      }
      const base = s * MAX_CROSSINGS;
      for (let a = 0; a < c; a++) {
        // Insertion sort: rows hold a handful of crossings.
        const x = this.crossings[base + a]!;
        let b = a - 1;
        while (b >= 0 && this.sorted[b]! > x) {
          this.sorted[b + 1] = this.sorted[b]!;
          b--;
        }
        this.sorted[b + 1] = x;
      }
      for (let a = 0; a + 1 < c; a += 2) {
        const xa = Math.max(0, this.sorted[a]!);
        const xb = Math.min(nx, this.sorted[a + 1]!);
        if (xb <= xa) continue;
        const ia = Math.floor(xa);
        const ib = Math.floor(xb);
        if (ia === ib) {
          this.direct[ia] = this.direct[ia]! + w * (xb - xa);
        } else {
          this.direct[ia] = this.direct[ia]! + w * (ia + 1 - xa);
          if (ib < nx) this.direct[ib] = this.direct[ib]! + w * (xb - ib);
          this.diff[ia + 1] = this.diff[ia + 1]! + w;
          this.diff[ib] = this.diff[ib]! - w;
        }
        if (ia < lo) lo = ia;
        const last = Math.min(ib, nx - 1);
        if (last > hi) hi = last;
      }
      this.counts[s] = 0;
    }
    if (hi < lo) return;
    const row = j * nx;
    let run = 0;
    const skip = skipHi >= skipLo && skipLo <= hi && skipHi >= lo;
    for (let i = lo; i <= hi; i++) {
      run += this.diff[i]!;
      const v = this.direct[i]! + run;
      if (!skip || i < skipLo || i > skipHi) cov[row + i] = v > 1 ? 1 : v;
      this.direct[i] = 0;
      this.diff[i] = 0;
    }
    this.direct[hi + 1] = 0;
    this.diff[hi + 1] = 0;
    if (!skip) touched.addSpan(j, lo, hi);
    else {
      if (skipLo > lo) touched.addSpan(j, lo, skipLo - 1);
      if (skipHi < hi) touched.addSpan(j, skipHi + 1, hi);
    }
  }
}
