/**
 * Fills closed polygons on one slice with the even-odd rule, sampled at pixel centres.
 *
 * Polygons are flat [x0, y0, x1, y1, ...] arrays in continuous pixel-index units (pixel (i, j)
 * has its centre at x = i, y = j) and are closed implicitly (last point joins the first). A
 * pixel is inside when a ray from its centre crosses the polygons' edges an odd number of
 * times, counting all polygons together: a contour drawn inside another cuts a hole, as DICOM
 * RTSTRUCT contours of one ROI on one slice are meant to. Ties are broken half-open, so
 * shared edges are never filled twice or left as a gap: a centre exactly on a left edge is
 * inside, on a right edge outside; an edge passing exactly through a row of centres counts
 * for the rows at or above its lower end (y0 <= y < y1).
 *
 * Sets out[offset + i + width * j] = value for every inside pixel within the width x height
 * image; returns how many pixels it set.
 */
export function fillPolygonsEvenOdd(
  polygons: readonly ArrayLike<number>[],
  width: number,
  height: number,
  out: Uint8Array,
  offset: number,
  value: number,
): number {
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const p of polygons) {
    for (let n = 1; n < p.length; n += 2) {
      yMin = Math.min(yMin, p[n]!);
      yMax = Math.max(yMax, p[n]!);
    }
  }
  const j0 = Math.max(0, Math.ceil(yMin));
  const j1 = Math.min(height - 1, Math.floor(yMax));
  const xs: number[] = [];
  let count = 0;
  for (let j = j0; j <= j1; j++) {
    xs.length = 0;
    for (const p of polygons) {
      const points = p.length >> 1;
      if (points < 3) continue;
      for (let a = 0; a < points; a++) {
        const b = a + 1 === points ? 0 : a + 1;
        const ax = p[2 * a]!, ay = p[2 * a + 1]!, bx = p[2 * b]!, by = p[2 * b + 1]!;
        if ((ay <= j) === (by <= j)) continue;
        xs.push(ax + ((j - ay) * (bx - ax)) / (by - ay));
      }
    }
    xs.sort((u, v) => u - v);
    for (let s = 0; s + 1 < xs.length; s += 2) {
      const from = Math.max(0, Math.ceil(xs[s]!));
      const to = Math.min(width - 1, Math.ceil(xs[s + 1]!) - 1);
      const row = offset + width * j;
      for (let i = from; i <= to; i++) {
        out[row + i] = value;
        count++;
      }
    }
  }
  return count;
}
