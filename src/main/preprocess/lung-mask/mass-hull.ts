import { labelComponents } from '../../../shared/image/components';
import { convexHull2d, rasterizeHull, type Pt2 } from '../../../shared/measure/hull';
import { sliceSize, voxelMl, type WorkVolume } from './work-volume';

// A core smaller than this is a vessel or a nodule the other steps already hold whole.
const MIN_CORE_ML = 2;
// A mass is compact: the hulls of its slices add at most this share of its core. A curved
// vessel or a strip along the heart border would add far more (its hull sweeps the tissue
// its curve encloses), so it takes nothing.
const MAX_ADDED_SHARE = 0.35;
// A core whose hulls took this much crossed the span between the lungs: its rim may be grown
// there too. Smaller takes are the chord across a hilar vessel's concave flank, whose rim in
// the span would be mediastinum (1 mL: on the 74 full-size phantoms 3 mL more of it per
// phantom on average, against 7 mL when every core that took anything grew there).
const MIN_SPAN_TAKE_ML = 1;

export interface MassHulls {
  readonly added: number;
  /** The cores (with what their hulls took) that crossed the span between the lungs. */
  readonly spanMasses: Uint8Array;
}

/**
 * A mass that reaches from the chest wall to the heart or the mediastinum crosses rows that
 * show both lungs, where no bay, gap or rim step may take tissue (that span is the
 * mediastinum), so the mask keeps the mass's parts above and below those rows and leaves a
 * band with straight edges between them. Per axial slice, the convex hull of each compact
 * mass core's section closes that band: what the hull adds, denser than `minHu`, inside the
 * body and outside both lungs, is taken into the lung when the whole mass's hulls add no more
 * than MAX_ADDED_SHARE of its core. `core` marks the mass cores of lung `side`; taken voxels
 * are added to it too, so a later rim step grows around them.
 */
export function fillMassHulls(w: WorkVolume, labels: Uint8Array, body: Uint8Array, core: Uint8Array, side: number, minHu: number): MassHulls {
  const [nx, ny] = w.dims;
  const n = sliceSize(w);
  const comps = labelComponents(core, w.dims, 26);
  const minVoxels = MIN_CORE_ML / voxelMl(w);
  const sections = new Map<number, Map<number, Pt2[]>>();
  for (let q = 0; q < core.length; q++) {
    const id = comps.labels[q]!;
    if (!id || comps.sizes[id]! < minVoxels) continue;
    const k = Math.floor(q / n);
    const r = q - k * n;
    const bySlice = sections.get(id) ?? new Map<number, Pt2[]>();
    sections.set(id, bySlice);
    const pts = bySlice.get(k) ?? [];
    bySlice.set(k, pts);
    pts.push([r % nx, Math.floor(r / nx)]);
  }
  const hull = new Uint8Array(n);
  let added = 0;
  const spanIds = new Set<number>();
  const spanMasses = new Uint8Array(core.length);
  for (const [id, bySlice] of sections) {
    const take: number[] = [];
    for (const [k, pts] of bySlice) {
      if (pts.length < 3) continue;
      rasterizeHull(convexHull2d(rowEnds(pts)), nx, ny, hull);
      const base = k * n;
      for (let r = 0; r < n; r++) {
        const q = base + r;
        if (hull[r] && !labels[q] && body[q] && w.data[q]! > minHu) take.push(q);
      }
    }
    if (take.length === 0 || take.length > MAX_ADDED_SHARE * comps.sizes[id]!) continue;
    const crossed = take.length * voxelMl(w) >= MIN_SPAN_TAKE_ML;
    if (crossed) spanIds.add(id);
    for (const q of take) {
      labels[q] = side;
      core[q] = 1;
      if (crossed) spanMasses[q] = 1;
    }
    added += take.length;
  }
  if (spanIds.size > 0) for (let q = 0; q < core.length; q++) if (spanIds.has(comps.labels[q]!)) spanMasses[q] = 1;
  return { added, spanMasses };
}

/** The first and last point of each row: all a convex hull needs. */
function rowEnds(pts: readonly Pt2[]): Pt2[] {
  const ends = new Map<number, [number, number]>();
  for (const [i, j] of pts) {
    const e = ends.get(j);
    if (!e) ends.set(j, [i, i]);
    else {
      if (i < e[0]) e[0] = i;
      if (i > e[1]) e[1] = i;
    }
  }
  const out: Pt2[] = [];
  for (const [j, [a, b]] of ends) out.push([a, j], [b, j]);
  return out;
}
