import { labelComponents } from '../../../shared/image/components';
import { squaredDistance } from '../../../shared/image/distance';
import { convexHull2d, type Pt2 } from '../../../shared/measure/hull';
import { LEFT, RIGHT } from './split';
import { sliceSize, type WorkVolume } from './work-volume';

// A pocket larger than its lung's own area in the slice is an organ (the liver dome
// under a basal crescent, the heart beside a single lung), not a nodule.
const POCKET_SHARE = 1;
// How far the chest wall may bulge past a pocket's lid (an 8 cm chord on a 10 cm wall radius: 8 mm).
const LID_MM = 8;
// Inscribed radius over extent below which a bay is a layer along the wall, not a mass.
const MIN_COMPACTNESS = 0.1;

/**
 * Juxta-pleural tumours: a mass on the chest wall pushes a bay into the lung whose mouth opens
 * onto the wall, so a ball rolled from outside the lung reaches into it and a closing cannot
 * fill it. Per axial slice, the convex hull of both lungs closes every such bay with its lid;
 * of what the hull adds inside the body, each region that borders exactly one lung and is
 * small beside it is that lung's. The mediastinum, the spine and the organs under the
 * diaphragm border both lungs or are too large, and stay out.
 */
export function fillPleuralPockets(w: WorkVolume, labels: Uint8Array, body: Uint8Array): number {
  const [nx, ny, nz] = w.dims;
  const n = sliceSize(w);
  const hull = new Uint8Array(n);
  const pocket = new Uint8Array(n);
  let added = 0;
  for (let k = 0; k < nz; k++) {
    const base = k * n;
    const area = [0, 0, 0];
    const pts: Pt2[] = [];
    for (let j = 0; j < ny; j++) {
      let first = -1;
      let last = -1;
      for (let i = 0; i < nx; i++) {
        const l = labels[base + i + nx * j]!;
        if (!l) continue;
        area[l]!++;
        if (first < 0) first = i;
        last = i;
      }
      if (first >= 0) pts.push([first, j], [last, j]);
    }
    if (pts.length < 6) continue;
    rasterizeHull(convexHull2d(pts), nx, ny, hull);
    for (let q = 0; q < n; q++) pocket[q] = hull[q] && body[base + q] && !labels[base + q] ? 1 : 0;
    const c = labelComponents(pocket, [nx, ny, 1], 6);
    if (c.count === 0) continue;
    const touches = new Uint8Array(c.count + 1);
    for (let q = 0; q < n; q++) {
      const id = c.labels[q]!;
      if (!id) continue;
      const i = q % nx;
      const near = (p: number) => labels[base + p]!;
      const seen = (i > 0 ? near(q - 1) : 0) | (i < nx - 1 ? near(q + 1) : 0) | (q >= nx ? near(q - nx) : 0) | (q < n - nx ? near(q + nx) : 0);
      // Bit 1 = borders the right lung, bit 2 = the left (labels are 1 and 2).
      touches[id]! |= seen === 3 ? 3 : seen;
    }
    const compact = compactness(c.labels, c.count, nx, ny, w.spacing);
    for (let id = 1; id <= c.count; id++) {
      const side = touches[id] === RIGHT ? RIGHT : touches[id] === LEFT ? LEFT : 0;
      if (!side || c.sizes[id]! > POCKET_SHARE * area[side]! || compact[id]! < MIN_COMPACTNESS) touches[id] = 0;
      else touches[id] = side;
    }
    const accepted = new Uint8Array(n);
    let any = false;
    for (let q = 0; q < n; q++) {
      const side = touches[c.labels[q]!];
      if (c.labels[q] && side) {
        accepted[q] = side;
        any = true;
      }
    }
    if (!any) continue;
    // The lid is a chord of pixel centres; the chest wall bulges a few millimetres beyond it.
    // Each pocket also takes the non-lung tissue within LID_MM of it that lies within LID_MM
    // of the hull, so the lens between chord and wall is not left out.
    const grid = { dims: [nx, ny, 1] as const, spacing: w.spacing };
    const nearPocket = squaredDistance(accepted, grid.dims, grid.spacing, { planar: true });
    const nearHull = squaredDistance(hull, grid.dims, grid.spacing, { planar: true });
    const lid2 = LID_MM * LID_MM;
    for (let q = 0; q < n; q++) {
      if (labels[base + q] || !body[base + q] || nearPocket[q]! > lid2 || nearHull[q]! > lid2) continue;
      labels[base + q] = accepted[q] || nearestSide(accepted, q, nx, ny);
      added++;
    }
  }
  return added;
}

/** The label of the closest accepted pocket pixel (pockets of both lungs can sit in one slice). */
function nearestSide(accepted: Uint8Array, q: number, nx: number, ny: number): number {
  const i0 = q % nx;
  const j0 = (q - i0) / nx;
  for (let r = 1; r < Math.max(nx, ny); r++) {
    for (let j = Math.max(0, j0 - r); j <= Math.min(ny - 1, j0 + r); j++) {
      for (let i = Math.max(0, i0 - r); i <= Math.min(nx - 1, i0 + r); i++) {
        const v = accepted[i + nx * j]!;
        if (v) return v;
      }
    }
  }
  return 0;
}

/**
 * Per component: the radius of the largest disk inside it over its longest bounding-box side.
 * A tumour's bay is about as deep as it is wide (about 0.35); a pleural effusion or a
 * fat layer along the wall is a long thin crescent (under 0.1).
 */
function compactness(labels: Int32Array, count: number, nx: number, ny: number, spacing: readonly number[]): Float64Array {
  const out = new Float64Array(count + 1);
  const inside = new Uint8Array(labels.length);
  for (let q = 0; q < labels.length; q++) inside[q] = labels[q] ? 1 : 0;
  // Distance to anything that is not pocket: another component never touches this one.
  const depth = squaredDistance(inside, [nx, ny, 1], [spacing[0]!, spacing[1]!, 1], { inverse: true });
  const lo = Array.from({ length: count + 1 }, () => [Infinity, Infinity]);
  const hi = Array.from({ length: count + 1 }, () => [-Infinity, -Infinity]);
  const deepest = new Float64Array(count + 1);
  for (let q = 0; q < labels.length; q++) {
    const id = labels[q]!;
    if (!id) continue;
    const i = q % nx;
    const j = (q - i) / nx;
    lo[id]![0] = Math.min(lo[id]![0]!, i);
    hi[id]![0] = Math.max(hi[id]![0]!, i);
    lo[id]![1] = Math.min(lo[id]![1]!, j);
    hi[id]![1] = Math.max(hi[id]![1]!, j);
    deepest[id] = Math.max(deepest[id]!, depth[q]!);
  }
  for (let id = 1; id <= count; id++) {
    const extent = Math.max((hi[id]![0]! - lo[id]![0]! + 1) * spacing[0]!, (hi[id]![1]! - lo[id]![1]! + 1) * spacing[1]!);
    out[id] = Math.sqrt(deepest[id]!) / extent;
  }
  return out;
}

/** Marks the pixels whose centres lie inside or on a convex polygon (counter-clockwise). */
function rasterizeHull(poly: readonly Pt2[], nx: number, ny: number, out: Uint8Array): void {
  out.fill(0);
  if (poly.length < 3) return;
  for (let j = 0; j < ny; j++) {
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
