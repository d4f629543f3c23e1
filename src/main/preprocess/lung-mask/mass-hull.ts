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
  /** The cores (with what their hulls took) that crossed the span between the lungs; none crossed: undefined. */
  readonly spanMasses: Uint8Array | undefined;
}

/** Per slice of a core, the first and last column of each of its rows: all a convex hull needs. */
type RowEnds = Map<number, [number, number]>;

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
  const minSpanVoxels = MIN_SPAN_TAKE_ML / voxelMl(w);
  const sections = new Map<number, Map<number, RowEnds>>();
  for (let q = 0; q < core.length; q++) {
    const id = comps.labels[q]!;
    if (!id || comps.sizes[id]! < minVoxels) continue;
    const k = Math.floor(q / n);
    const r = q - k * n;
    const i = r % nx;
    const j = (r - i) / nx;
    const bySlice = sections.get(id) ?? new Map<number, RowEnds>();
    sections.set(id, bySlice);
    const rows = bySlice.get(k) ?? new Map<number, [number, number]>();
    bySlice.set(k, rows);
    const e = rows.get(j);
    if (!e) rows.set(j, [i, i]);
    else if (i > e[1]) e[1] = i; // scan order: columns rise within a row
  }
  const hull = new Uint8Array(n);
  let added = 0;
  const spanIds = new Set<number>();
  const spanTaken: number[] = [];
  for (const [id, bySlice] of sections) {
    const take: number[] = [];
    for (const [k, rows] of bySlice) {
      const pts: Pt2[] = [];
      let j0 = ny;
      let j1 = -1;
      for (const [j, [a, b]] of rows) {
        pts.push([a, j], [b, j]);
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
      }
      rasterizeHull(convexHull2d(pts), nx, ny, hull);
      // The hull spans only the section's rows.
      for (let r = j0 * nx, q = k * n + r; r < (j1 + 1) * nx; r++, q++) {
        if (hull[r] && !labels[q] && body[q] && w.data[q]! > minHu) take.push(q);
      }
    }
    if (take.length === 0 || take.length > MAX_ADDED_SHARE * comps.sizes[id]!) continue;
    if (take.length >= minSpanVoxels) {
      spanIds.add(id);
      spanTaken.push(...take);
    }
    for (const q of take) {
      labels[q] = side;
      core[q] = 1;
    }
    added += take.length;
  }
  if (spanIds.size === 0) return { added, spanMasses: undefined };
  // A crossed core's own voxels, and what its hulls took (those carry no component id).
  const spanMasses = new Uint8Array(core.length);
  for (let q = 0; q < core.length; q++) if (spanIds.has(comps.labels[q]!)) spanMasses[q] = 1;
  for (const q of spanTaken) spanMasses[q] = 1;
  return { added, spanMasses };
}
