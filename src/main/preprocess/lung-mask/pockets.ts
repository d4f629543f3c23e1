import { labelComponents } from '../../../shared/image/components';
import { squaredDistance } from '../../../shared/image/distance';
import { convexHull2d, rasterizeHull, type Pt2 } from '../../../shared/measure/hull';
import { LEFT, RIGHT } from './split';
import { sliceSize, type WorkVolume } from './work-volume';

// A pocket larger than its lung's own area in the slice is an organ (the liver dome
// under a basal crescent, the heart beside a single lung), not a nodule.
const POCKET_SHARE = 1;
// How far the chest wall may bulge past a pocket's lid (a 6 cm chord on a 10 cm wall radius: 5 mm);
// 8 mm took in more chest-wall muscle than tumour edge (phantom seed 18: Dice 0.9705 at 8, 0.9715 at 5 with
// fillEnclosedGaps; seed 6's wall tumours stay >= 0.998 inside).
const LID_MM = 5;
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
    // Bit 1 = borders the right lung, bit 2 = the left (labels are 1 and 2).
    const touches = new Uint8Array(c.count + 1);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const q = i + nx * j;
        const id = c.labels[q]!;
        if (!id) continue;
        const p = base + q;
        let seen = 0;
        if (i > 0) seen |= labels[p - 1]!;
        if (i < nx - 1) seen |= labels[p + 1]!;
        if (j > 0) seen |= labels[p - nx]!;
        if (j < ny - 1) seen |= labels[p + nx]!;
        touches[id]! |= seen;
      }
    }
    let candidates = 0;
    for (let id = 1; id <= c.count; id++) {
      const side = touches[id] === RIGHT ? RIGHT : touches[id] === LEFT ? LEFT : 0;
      touches[id] = side && c.sizes[id]! <= POCKET_SHARE * area[side]! ? side : 0;
      if (touches[id]) candidates++;
    }
    if (candidates === 0) continue;
    const compact = compactness(c.labels, touches, nx, ny, w.spacing);
    for (let id = 1; id <= c.count; id++) if (touches[id] && compact[id]! < MIN_COMPACTNESS) touches[id] = 0;
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
    // of the hull, so the lens between chord and wall is not left out. Measured in the
    // pockets' box grown by LID_MM, the only place that can change.
    const box = pocketBox(accepted, nx, ny, [Math.ceil(LID_MM / w.spacing[0]) + 1, Math.ceil(LID_MM / w.spacing[1]) + 1]);
    const sub = (src: Uint8Array) => {
      const out = new Uint8Array(box.bx * box.by);
      for (let j = 0; j < box.by; j++) for (let i = 0; i < box.bx; i++) out[i + box.bx * j] = src[box.i0 + i + nx * (box.j0 + j)]!;
      return out;
    };
    const boxDims = [box.bx, box.by, 1] as const;
    const nearPocket = squaredDistance(sub(accepted), boxDims, w.spacing, { planar: true });
    const nearHull = squaredDistance(sub(hull), boxDims, w.spacing, { planar: true });
    const lid2 = LID_MM * LID_MM;
    for (let j = 0; j < box.by; j++) {
      for (let i = 0; i < box.bx; i++) {
        const t = i + box.bx * j;
        const q = box.i0 + i + nx * (box.j0 + j);
        if (labels[base + q] || !body[base + q] || nearPocket[t]! > lid2 || nearHull[t]! > lid2) continue;
        labels[base + q] = accepted[q] || nearestSide(accepted, q, nx, ny);
        added++;
      }
    }
  }
  return added;
}

/** Bounding box of the non-zero pixels grown by `margin` pixels, clamped to the slice. */
function pocketBox(m: Uint8Array, nx: number, ny: number, margin: readonly [number, number]) {
  let i0 = nx;
  let i1 = -1;
  let j0 = ny;
  let j1 = -1;
  for (let q = 0; q < m.length; q++) {
    if (!m[q]) continue;
    const i = q % nx;
    const j = (q - i) / nx;
    if (i < i0) i0 = i;
    if (i > i1) i1 = i;
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
  }
  i0 = Math.max(0, i0 - margin[0]);
  j0 = Math.max(0, j0 - margin[1]);
  i1 = Math.min(nx - 1, i1 + margin[0]);
  j1 = Math.min(ny - 1, j1 + margin[1]);
  return { i0, j0, bx: i1 - i0 + 1, by: j1 - j0 + 1 };
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
function compactness(labels: Int32Array, wanted: Uint8Array, nx: number, ny: number, spacing: readonly number[]): Float64Array {
  const count = wanted.length - 1;
  const out = new Float64Array(count + 1);
  const lo = Array.from({ length: count + 1 }, () => [Infinity, Infinity]);
  const hi = Array.from({ length: count + 1 }, () => [-Infinity, -Infinity]);
  let i0 = Infinity;
  let i1 = -Infinity;
  let j0 = Infinity;
  let j1 = -Infinity;
  for (let q = 0; q < labels.length; q++) {
    const id = labels[q]!;
    if (!id || !wanted[id]) continue;
    const i = q % nx;
    const j = (q - i) / nx;
    lo[id]![0] = Math.min(lo[id]![0]!, i);
    hi[id]![0] = Math.max(hi[id]![0]!, i);
    lo[id]![1] = Math.min(lo[id]![1]!, j);
    hi[id]![1] = Math.max(hi[id]![1]!, j);
    i0 = Math.min(i0, i);
    i1 = Math.max(i1, i);
    j0 = Math.min(j0, j);
    j1 = Math.max(j1, j);
  }
  // Depth inside each wanted component, measured in their common box (one pixel of margin).
  i0 = Math.max(0, i0 - 1);
  j0 = Math.max(0, j0 - 1);
  i1 = Math.min(nx - 1, i1 + 1);
  j1 = Math.min(ny - 1, j1 + 1);
  const bx = i1 - i0 + 1;
  const by = j1 - j0 + 1;
  const inside = new Uint8Array(bx * by);
  for (let j = 0; j < by; j++) {
    for (let i = 0; i < bx; i++) {
      const id = labels[i0 + i + nx * (j0 + j)]!;
      inside[i + bx * j] = id && wanted[id] ? 1 : 0;
    }
  }
  const depth = squaredDistance(inside, [bx, by, 1], [spacing[0]!, spacing[1]!, 1], { inverse: true });
  const deepest = new Float64Array(count + 1);
  for (let j = 0; j < by; j++) {
    for (let i = 0; i < bx; i++) {
      const id = labels[i0 + i + nx * (j0 + j)]!;
      if (id && wanted[id]) deepest[id] = Math.max(deepest[id]!, depth[i + bx * j]!);
    }
  }
  for (let id = 1; id <= count; id++) {
    if (!wanted[id]) continue;
    const extent = Math.max((hi[id]![0]! - lo[id]![0]! + 1) * spacing[0]!, (hi[id]![1]! - lo[id]![1]! + 1) * spacing[1]!);
    out[id] = Math.sqrt(deepest[id]!) / extent;
  }
  return out;
}
