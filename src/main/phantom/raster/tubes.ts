import type { TubeShape } from '../scene';
import { pixelSize, type PlaneGrid } from './grid';
import type { Touched } from './touched';

const BUCKET_MM = 4;

/** Segments bucketed by z (compressed rows), so a plane visits only the tubes near it. */
export interface TubeIndex {
  readonly zMin: number;
  readonly buckets: number;
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

export function indexTubes(shape: TubeShape): TubeIndex {
  const seg = shape.seg;
  const count = seg.length / 8;
  let zMin = Infinity;
  let zMax = -Infinity;
  const lo = new Float64Array(count);
  const hi = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const o = s * 8;
    const r = Math.max(seg[o + 3]!, seg[o + 7]!) * shape.scale + shape.add;
    lo[s] = Math.min(seg[o + 2]!, seg[o + 6]!) - Math.max(0, r);
    hi[s] = Math.max(seg[o + 2]!, seg[o + 6]!) + Math.max(0, r);
    zMin = Math.min(zMin, lo[s]!);
    zMax = Math.max(zMax, hi[s]!);
  }
  if (count === 0) return { zMin: 0, buckets: 0, start: new Int32Array(1), ids: new Int32Array(0) };
  const buckets = Math.max(1, Math.ceil((zMax - zMin) / BUCKET_MM) + 1);
  const counts = new Int32Array(buckets + 1);
  const range = (s: number): [number, number] => [
    Math.floor((lo[s]! - zMin) / BUCKET_MM),
    Math.min(buckets - 1, Math.floor((hi[s]! - zMin) / BUCKET_MM)),
  ];
  for (let s = 0; s < count; s++) {
    const [b0, b1] = range(s);
    for (let b = b0; b <= b1; b++) counts[b + 1]!++;
  }
  for (let b = 0; b < buckets; b++) counts[b + 1]! += counts[b]!;
  const ids = new Int32Array(counts[buckets]!);
  const fillAt = counts.slice(0, buckets);
  for (let s = 0; s < count; s++) {
    const [b0, b1] = range(s);
    for (let b = b0; b <= b1; b++) ids[fillAt[b]!++] = s;
  }
  return { zMin, buckets, start: counts, ids };
}

/**
 * Max-union coverage of the tubes on plane z. A pixel's coverage is the box-filtered width of
 * the tube across it (exact for thin tubes lying in the plane) times, for tubes crossing the
 * plane steeply, the fraction of the pixel their cross-section spans along the other axis: so
 * a 0.5 mm vessel in a 0.7 mm pixel fades rather than lighting the whole pixel.
 */
export function rasterTubes(shape: TubeShape, index: TubeIndex, z: number, g: PlaneGrid, cov: Float32Array, touched: Touched): void {
  if (index.buckets === 0) return;
  const b = Math.floor((z - index.zMin) / BUCKET_MM);
  if (b < 0 || b >= index.buckets) return;
  const seg = shape.seg;
  const px = pixelSize(g);
  const h = px / 2;
  const invPx = 1 / px;
  for (let q = index.start[b]!; q < index.start[b + 1]!; q++) {
    const o = index.ids[q]! * 8;
    const x0 = seg[o]!, y0 = seg[o + 1]!, z0 = seg[o + 2]!;
    const r0 = seg[o + 3]! * shape.scale + shape.add;
    const ddx = seg[o + 4]! - x0, ddy = seg[o + 5]! - y0, ddz = seg[o + 6]! - z0;
    const r1 = seg[o + 7]! * shape.scale + shape.add;
    if (r0 <= 0 && r1 <= 0) continue;
    const rMax = Math.max(r0, r1);
    let ta = 0;
    let tb = 1;
    if (Math.abs(ddz) > 1e-9) {
      ta = (z - rMax - z0) / ddz;
      tb = (z + rMax - z0) / ddz;
      if (ta > tb) [ta, tb] = [tb, ta];
      ta = Math.max(0, ta);
      tb = Math.min(1, tb);
      if (ta > tb) continue;
    } else if (Math.abs(z0 - z) > rMax) continue;
    const xa = x0 + ta * ddx, xb = x0 + tb * ddx;
    const ya = y0 + ta * ddy, yb = y0 + tb * ddy;
    const i0 = Math.max(0, Math.floor((Math.min(xa, xb) - rMax - h - g.x0) / g.dx));
    const i1 = Math.min(g.nx - 1, Math.ceil((Math.max(xa, xb) + rMax + h - g.x0) / g.dx));
    const j0 = Math.max(0, Math.floor((Math.min(ya, yb) - rMax - h - g.y0) / g.dy));
    const j1 = Math.min(g.ny - 1, Math.ceil((Math.max(ya, yb) + rMax + h - g.y0) / g.dy));
    if (i0 > i1 || j0 > j1) continue;
    const len2 = ddx * ddx + ddy * ddy + ddz * ddz;
    const inv = len2 > 0 ? 1 / len2 : 0;
    const dr = r1 - r0;
    const axialZ = len2 > 0 ? Math.abs(ddz) / Math.sqrt(len2) : 0;
    const wz = z - z0;
    for (let j = j0; j <= j1; j++) {
      const wy = g.y0 + j * g.dy - y0;
      const row = j * g.nx;
      for (let i = i0; i <= i1; i++) {
        const wx = g.x0 + i * g.dx - x0;
        let t = (wx * ddx + wy * ddy + wz * ddz) * inv;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = wx - t * ddx, ey = wy - t * ddy, ez = wz - t * ddz;
        const r = r0 + t * dr;
        if (r <= 0) continue;
        const d = Math.sqrt(ex * ex + ey * ey + ez * ez);
        if (d >= r + h) continue;
        let c = (Math.min(d + h, r) - Math.max(d - h, -r)) * invPx;
        const along = (2 * r) / (axialZ * px);
        if (along < 1) c *= along;
        if (c > 1) c = 1;
        const old = cov[row + i]!;
        if (c > old) {
          if (old === 0) touched.addPixel(row + i);
          cov[row + i] = c;
        }
      }
    }
  }
}
