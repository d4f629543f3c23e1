/** A point in millimetres in some plane or space. */
export type Pt2 = readonly [number, number];
export type Pt3 = readonly [number, number, number];

function cross(o: Pt2, a: Pt2, b: Pt2): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, collinear points dropped. */
export function convexHull2d(points: readonly Pt2[]): Pt2[] {
  if (points.length <= 2) return points.slice();
  const p = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const lower: Pt2[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Pt2[] = [];
  for (let n = p.length - 1; n >= 0; n--) {
    const q = p[n]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Marks the pixels of an nx x ny slice whose centres lie inside or on a convex polygon given in
 * pixel coordinates (counter-clockwise, as convexHull2d returns it); clears the rest of `out`.
 */
export function rasterizeHull(poly: readonly Pt2[], nx: number, ny: number, out: Uint8Array): void {
  out.fill(0);
  if (poly.length < 3) return;
  // Only the rows the polygon spans can hold a pixel.
  let top = Infinity;
  let bottom = -Infinity;
  for (const p of poly) {
    top = Math.min(top, p[1]);
    bottom = Math.max(bottom, p[1]);
  }
  for (let j = Math.max(0, Math.ceil(top)); j <= Math.min(ny - 1, Math.floor(bottom)); j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let e = 0; e < poly.length; e++) {
      const a = poly[e]!;
      const b = poly[(e + 1) % poly.length]!;
      if ((a[1] - j) * (b[1] - j) > 0) continue;
      if (a[1] === b[1]) {
        lo = Math.min(lo, a[0], b[0]);
        hi = Math.max(hi, a[0], b[0]);
        continue;
      }
      const x = a[0] + ((j - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (lo > hi) continue;
    const i0 = Math.max(0, Math.ceil(lo - 1e-9));
    const i1 = Math.min(nx - 1, Math.floor(hi + 1e-9));
    out.fill(1, j * nx + i0, j * nx + i1 + 1);
  }
}

/**
 * The farthest pair of points. Callers pass hull vertices (a diameter's ends always are), which
 * keeps the quadratic search small.
 */
export function farthestPair<P extends readonly number[]>(points: readonly P[]): { a: P; b: P; length: number } | undefined {
  if (points.length === 0) return undefined;
  let best = { a: points[0]!, b: points[0]!, d2: 0 };
  for (let x = 0; x < points.length; x++) {
    const p = points[x]!;
    for (let y = x + 1; y < points.length; y++) {
      const q = points[y]!;
      let d2 = 0;
      for (let c = 0; c < p.length; c++) d2 += (p[c]! - q[c]!) ** 2;
      if (d2 > best.d2) best = { a: p, b: q, d2 };
    }
  }
  return { a: best.a, b: best.b, length: Math.sqrt(best.d2) };
}
