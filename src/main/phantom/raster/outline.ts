import type { CylinderShape, EllipsoidShape, LoftShape, PrismShape } from '../scene';

/**
 * Cross-sections of the smooth shapes with the axial plane z, as polygons (world mm). Each
 * function writes vertices into xs/ys and returns the vertex count (0 when the plane misses).
 */

export const MAX_OUTLINE_VERTICES = 512;

/** Catmull-Rom weights for a sample at fraction t between keys 1 and 2 of four. */
function catmullRom(t: number): [number, number, number, number] {
  const t2 = t * t;
  const t3 = t2 * t;
  return [
    0.5 * (-t3 + 2 * t2 - t),
    0.5 * (3 * t3 - 5 * t2 + 2),
    0.5 * (-3 * t3 + 4 * t2 + t),
    0.5 * (t3 - t2),
  ];
}

/** Interpolation stencil of a loft at height z: four key indices and their weights. */
export function loftStencil(shape: LoftShape, z: number): { k: [number, number, number, number]; w: [number, number, number, number] } | undefined {
  const zs = shape.z;
  const last = zs.length - 1;
  if (last < 1 || z < zs[0]! || z > zs[last]!) return undefined;
  let k = 0;
  while (k < last - 1 && zs[k + 1]! < z) k++;
  const t = (z - zs[k]!) / (zs[k + 1]! - zs[k]!);
  const clampK = (i: number) => Math.min(last, Math.max(0, i));
  return { k: [clampK(k - 1), k, k + 1, clampK(k + 2)], w: catmullRom(t) };
}

export function loftOutline(shape: LoftShape, z: number, xs: Float64Array, ys: Float64Array): number {
  const st = loftStencil(shape, z);
  if (!st) return 0;
  const { k, w } = st;
  const n = shape.n;
  const cx = w[0] * shape.cx[k[0]]! + w[1] * shape.cx[k[1]]! + w[2] * shape.cx[k[2]]! + w[3] * shape.cx[k[3]]!;
  const cy = w[0] * shape.cy[k[0]]! + w[1] * shape.cy[k[1]]! + w[2] * shape.cy[k[2]]! + w[3] * shape.cy[k[3]]!;
  const r = shape.radii;
  const b0 = k[0] * n;
  const b1 = k[1] * n;
  const b2 = k[2] * n;
  const b3 = k[3] * n;
  let any = false;
  for (let v = 0; v < n; v++) {
    let rv = w[0] * r[b0 + v]! + w[1] * r[b1 + v]! + w[2] * r[b2 + v]! + w[3] * r[b3 + v]!;
    if (rv < 0) rv = 0;
    else any = true;
    const th = (2 * Math.PI * v) / n;
    xs[v] = cx + rv * Math.cos(th);
    ys[v] = cy + rv * Math.sin(th);
  }
  return any ? n : 0;
}

function ellipsePolygon(
  cx: number, cy: number, m00: number, m01: number, m11: number, xs: Float64Array, ys: Float64Array, n: number,
): number {
  // Points q with q^T M q = 1: eigen-decompose the 2x2 form into semi-axes and an angle.
  const tr = m00 + m11;
  const det = m00 * m11 - m01 * m01;
  if (det <= 0) return 0;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const l1 = tr / 2 + disc;
  const l2 = tr / 2 - disc;
  if (l2 <= 0) return 0;
  const ang = 0.5 * Math.atan2(2 * m01, m00 - m11);
  const a1 = 1 / Math.sqrt(l1);
  const a2 = 1 / Math.sqrt(l2);
  const c = Math.cos(ang);
  const s = Math.sin(ang);
  for (let v = 0; v < n; v++) {
    const th = (2 * Math.PI * v) / n;
    const u = a1 * Math.cos(th);
    const w = a2 * Math.sin(th);
    xs[v] = cx + c * u - s * w;
    ys[v] = cy + s * u + c * w;
  }
  return n;
}

/** Vertex count giving about one vertex per 2 mm of perimeter, within [24, 256]. */
function verticesFor(radius: number): number {
  return Math.min(256, Math.max(24, Math.ceil((2 * Math.PI * radius) / 2)));
}

export function ellipsoidOutline(shape: EllipsoidShape, z: number, xs: Float64Array, ys: Float64Array): number {
  const A = shape.a;
  const dz = z - shape.c[2];
  const a00 = A[0]!;
  const a01 = A[1]!;
  const a11 = A[4]!;
  const b0 = A[2]!;
  const b1 = A[5]!;
  const a22 = A[8]!;
  const det = a00 * a11 - a01 * a01;
  if (det <= 0) return 0;
  // Centre shift q0 = -dz * A2^-1 b; level k = 1 - a22 dz^2 + dz^2 b^T A2^-1 b.
  const i00 = a11 / det;
  const i01 = -a01 / det;
  const i11 = a00 / det;
  const q0x = -dz * (i00 * b0 + i01 * b1);
  const q0y = -dz * (i01 * b0 + i11 * b1);
  const k = 1 - a22 * dz * dz + dz * dz * (b0 * (i00 * b0 + i01 * b1) + b1 * (i01 * b0 + i11 * b1));
  if (k <= 1e-9) return 0;
  const rough = Math.sqrt(k / Math.min(a00, a11));
  return ellipsePolygon(shape.c[0] + q0x, shape.c[1] + q0y, a00 / k, a01 / k, a11 / k, xs, ys, verticesFor(rough));
}

export function cylinderOutline(shape: CylinderShape, z: number, xs: Float64Array, ys: Float64Array): number {
  if (z < shape.z0 || z > shape.z1) return 0;
  const n = verticesFor(Math.max(shape.ax, shape.ay));
  const c = Math.cos(shape.angle);
  const s = Math.sin(shape.angle);
  for (let v = 0; v < n; v++) {
    const th = (2 * Math.PI * v) / n;
    const u = shape.ax * Math.cos(th);
    const w = shape.ay * Math.sin(th);
    xs[v] = shape.cx + c * u - s * w;
    ys[v] = shape.cy + s * u + c * w;
  }
  return n;
}

export function prismOutline(shape: PrismShape, z: number, xs: Float64Array, ys: Float64Array): number {
  if (z < shape.z0 || z > shape.z1) return 0;
  const n = Math.min(MAX_OUTLINE_VERTICES, shape.xy.length / 2);
  for (let v = 0; v < n; v++) {
    xs[v] = shape.xy[2 * v]!;
    ys[v] = shape.xy[2 * v + 1]!;
  }
  return n;
}
