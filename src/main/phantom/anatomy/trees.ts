import type { Rng } from '../../../shared/random';
import { TubeBuilder, type P3 } from './shapes';

/**
 * Volume-filling branching (after Kitaoka et al. 1999 and Tawhai et al. 2000): a branch heads
 * for the centroid of the lung points it must supply, stops 40% of the way, and splits its
 * points by a plane across their longest axis; each child takes half and a radius from Murray's
 * law (r^3 proportional to the points it supplies). Trees so grown fill the lung evenly and thin
 * toward the periphery, as pulmonary arteries, veins and airways do.
 */
export interface TreeSegment {
  readonly a: P3;
  readonly b: P3;
  readonly r: number;
  readonly depth: number;
  readonly parent: number;
}

export interface TreeOptions {
  readonly rMin: number;
  readonly lengthFraction: number;
  readonly maxDepth: number;
  readonly tortuosity: number;
  /** How much a branch keeps its parent's heading (0: straight at its centroid). */
  readonly inertia: number;
}

export function growTree(points: Float64Array, ids: Int32Array, root: P3, rootR: number, opts: TreeOptions, rng: Rng): TreeSegment[] {
  const out: TreeSegment[] = [];
  const grow = (start: P3, sub: Int32Array, r: number, depth: number, parent: number, heading: P3 | undefined) => {
    const n = sub.length;
    if (n === 0) return;
    let cx = 0, cy = 0, cz = 0;
    for (let q = 0; q < n; q++) {
      const o = sub[q]! * 3;
      cx += points[o]!; cy += points[o + 1]!; cz += points[o + 2]!;
    }
    cx /= n; cy /= n; cz /= n;
    const leaf = n <= 1 || r < opts.rMin || depth >= opts.maxDepth;
    let dx = cx - start[0], dy = cy - start[1], dz = cz - start[2];
    const dist = Math.hypot(dx, dy, dz);
    if (heading && dist > 1e-6) {
      // Bend toward the parent's heading: real branches leave at moderate angles.
      const w = opts.inertia * dist;
      dx += heading[0] * w; dy += heading[1] * w; dz += heading[2] * w;
      const n = Math.hypot(dx, dy, dz) / dist;
      dx /= n; dy /= n; dz /= n;
    }
    const f = leaf ? Math.min(0.9, 12 / Math.max(dist, 1e-6)) : opts.lengthFraction;
    const len = Math.max(leaf ? 1.5 : 2.5, dist * f);
    const k = dist > 1e-6 ? len / dist : 0;
    const end: P3 = [start[0] + dx * k, start[1] + dy * k, start[2] + dz * k];
    // A slightly displaced midpoint keeps branches from looking ruled.
    const j = opts.tortuosity * len;
    const mid: P3 = [(start[0] + end[0]) / 2 + rng.gauss(0, j), (start[1] + end[1]) / 2 + rng.gauss(0, j), (start[2] + end[2]) / 2 + rng.gauss(0, j)];
    const rEnd = leaf ? r * 0.8 : r;
    out.push({ a: start, b: mid, r, depth, parent });
    out.push({ a: mid, b: end, r: (r + rEnd) / 2, depth, parent: out.length - 1 });
    const me = out.length - 1;
    if (leaf) return;
    const [ha, hb] = splitByLongestAxis(points, sub, cx, cy, cz);
    const ra = r * Math.cbrt(ha.length / n);
    const rb = r * Math.cbrt(hb.length / n);
    const hl = Math.hypot(end[0] - start[0], end[1] - start[1], end[2] - start[2]) || 1;
    const h: P3 = [(end[0] - start[0]) / hl, (end[1] - start[1]) / hl, (end[2] - start[2]) / hl];
    grow(end, ha, ra, depth + 1, me, h);
    grow(end, hb, rb, depth + 1, me, h);
  };
  grow(root, ids, rootR, 0, -1, undefined);
  return out;
}

function splitByLongestAxis(points: Float64Array, sub: Int32Array, cx: number, cy: number, cz: number): [Int32Array, Int32Array] {
  let xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
  for (let q = 0; q < sub.length; q++) {
    const o = sub[q]! * 3;
    const a = points[o]! - cx, b = points[o + 1]! - cy, c = points[o + 2]! - cz;
    xx += a * a; xy += a * b; xz += a * c; yy += b * b; yz += b * c; zz += c * c;
  }
  // Power iteration for the principal axis of the 3x3 covariance.
  let v: [number, number, number] = [0.577, 0.577, 0.577];
  for (let it = 0; it < 16; it++) {
    const w: [number, number, number] = [xx * v[0] + xy * v[1] + xz * v[2], xy * v[0] + yy * v[1] + yz * v[2], xz * v[0] + yz * v[1] + zz * v[2]];
    const n = Math.hypot(w[0], w[1], w[2]) || 1;
    v = [w[0] / n, w[1] / n, w[2] / n];
  }
  const proj = new Float64Array(sub.length);
  let above = 0;
  for (let q = 0; q < sub.length; q++) {
    const o = sub[q]! * 3;
    proj[q] = (points[o]! - cx) * v[0] + (points[o + 1]! - cy) * v[1] + (points[o + 2]! - cz) * v[2];
    if (proj[q]! > 0) above++;
  }
  let cut = 0;
  if (above === 0 || above === sub.length) {
    const sorted = Float64Array.from(proj).sort();
    cut = sorted[Math.floor(sorted.length / 2)]!;
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let q = 0; q < sub.length; q++) (proj[q]! > cut ? a : b).push(sub[q]!);
  if (a.length === 0) a.push(b.pop()!);
  return [Int32Array.from(a), Int32Array.from(b)];
}

export function treeTubes(segs: readonly TreeSegment[], minR = 0): TubeBuilder {
  const t = new TubeBuilder();
  for (const s of segs) if (s.r >= minR) t.segment(s.a, s.r, s.b, s.r);
  return t;
}

/**
 * Airways run beside their arteries: each airway segment is its artery segment shifted by an
 * offset carried from parent to child (re-orthogonalised to the child's direction), so the pair
 * stays side by side down the tree. The first offset is from the artery root to the bronchus root.
 */
export function companionTree(arteries: readonly TreeSegment[], rootOffset: P3, sizeRatio: number, minR: number): TreeSegment[] {
  const ends: P3[] = [];
  const out: TreeSegment[] = [];
  const m0 = Math.hypot(rootOffset[0], rootOffset[1], rootOffset[2]);
  arteries.forEach((s, i) => {
    const from = s.parent >= 0 ? ends[s.parent]! : rootOffset;
    const d: P3 = [s.b[0] - s.a[0], s.b[1] - s.a[1], s.b[2] - s.a[2]];
    const dl = Math.hypot(d[0], d[1], d[2]) || 1;
    const u: P3 = [d[0] / dl, d[1] / dl, d[2] / dl];
    const along = from[0] * u[0] + from[1] * u[1] + from[2] * u[2];
    let o: P3 = [from[0] - along * u[0], from[1] - along * u[1], from[2] - along * u[2]];
    const on = Math.hypot(o[0], o[1], o[2]) || 1;
    const rb = s.r * sizeRatio;
    const mag = Math.max(s.r + rb * 1.3 + 0.6, m0 * 0.5 ** s.depth);
    o = [(o[0] / on) * mag, (o[1] / on) * mag, (o[2] / on) * mag];
    ends[i] = o;
    if (rb < minR) return;
    out.push({ a: [s.a[0] + from[0], s.a[1] + from[1], s.a[2] + from[2]], b: [s.b[0] + o[0], s.b[1] + o[1], s.b[2] + o[2]], r: rb, depth: s.depth, parent: s.parent });
  });
  return out;
}
