import { labelComponents } from '../../../shared/image/components';
import { dilate } from '../../../shared/image/morphology';
import { sliceSize, voxelMl, type WorkVolume } from './work-volume';

/** Airway lumen is air; lung parenchyma averaged over a 2 mm voxel sits near -850 HU. */
export const AIRWAY_HU = -950;

// A trachea cross-section: about 1.5 to 2.5 cm across (narrower at the larynx).
const TRACHEA_MIN_MM2 = 20;
const TRACHEA_MAX_MM2 = 700;
const TRACHEA_OFF_MIDLINE_MM = 30;
// Where a tracked branch suddenly widens it has leaked into lung (emphysema, partial volume).
const LEAK_FACTOR = 3;
const MIN_TUBE_LENGTH_MM = 30;
// Seeds tried before giving up (an abdominal scan has none that make a tube).
const MAX_SEEDS = 12;

export interface Airways {
  /** Trachea and the bronchi followed downward from it (0/1). */
  readonly mask: Uint8Array;
  readonly volumeMl: number;
  /** Slice where the trachea was found, or -1 when the scan shows none (e.g. an abdominal scan). */
  readonly topSlice: number;
}

/**
 * Follows the trachea down, slice by slice, from the highest slice showing a small round air
 * column near the midline, into both main bronchi and as far along smaller bronchi as their
 * lumen stays darker than -950 HU. A branch whose area jumps has leaked into lung and stops.
 * Tracking per slice, rather than 3D region growing, keeps a leak in one slice from flooding
 * a lung.
 */
export function trackAirways(w: WorkVolume, body: Uint8Array, centreI: Float64Array): Airways {
  const [nx, ny, nz] = w.dims;
  const n = sliceSize(w);
  const pixel = w.spacing[0] * w.spacing[1];
  const mask = new Uint8Array(n * nz);
  const none = { mask, volumeMl: 0, topSlice: -1 };
  const dark = (k: number) => {
    const out = new Uint8Array(n);
    for (let q = 0; q < n; q++) out[q] = body[k * n + q] && w.data[k * n + q]! < AIRWAY_HU ? 1 : 0;
    return out;
  };

  // Candidates from the top down (the oesophagus or a neck air pocket can look like a
  // trachea in one slice): the first that can be followed down a tube's length is the trachea.
  for (const seed of tracheaSeeds()) {
    mask.fill(0);
    let previous = seed.region;
    let reference = seed.areaMm2;
    let voxels = 0;
    let lowest = seed.k;
    for (let k = seed.k; k >= 0; k--) {
      const current = k === seed.k ? seed.region : followInto(k, previous, reference);
      let area = 0;
      for (let q = 0; q < n; q++) {
        if (!current[q]) continue;
        mask[k * n + q] = 1;
        area++;
      }
      if (area === 0) break;
      voxels += area;
      lowest = k;
      if (k > seed.k - 3) reference = Math.max(reference, area * pixel);
      previous = current;
    }
    if ((seed.k - lowest + 1) * w.spacing[2] >= MIN_TUBE_LENGTH_MM) return { mask, volumeMl: voxels * voxelMl(w), topSlice: seed.k };
  }
  mask.fill(0);
  return none;

  function followInto(k: number, above: Uint8Array, referenceMm2: number): Uint8Array {
    const cand = dark(k);
    const c = labelComponents(cand, [nx, ny, 1], 26);
    const reach = dilate(above, { dims: [nx, ny, 1], spacing: w.spacing }, Math.max(w.spacing[0], 3), { planar: true });
    const touched = new Uint8Array(c.count + 1);
    for (let q = 0; q < n; q++) if (reach[q] && c.labels[q]) touched[c.labels[q]!] = 1;
    const out = new Uint8Array(n);
    for (let id = 1; id <= c.count; id++) {
      if (!touched[id]) continue;
      if (c.sizes[id]! * pixel > LEAK_FACTOR * referenceMm2) continue;
      for (let q = 0; q < n; q++) if (c.labels[q] === id) out[q] = 1;
    }
    return out;
  }

  function* tracheaSeeds(): Generator<{ k: number; region: Uint8Array; areaMm2: number }> {
    let tried = 0;
    for (let k = nz - 1; k >= 0 && tried < MAX_SEEDS; k--) {
      if (Number.isNaN(centreI[k]!)) continue;
      const c = labelComponents(dark(k), [nx, ny, 1], 26);
      const stats = componentStats(c.labels, c.count, nx, n);
      const found: { id: number; off: number }[] = [];
      for (let id = 1; id <= c.count; id++) {
        const area = c.sizes[id]! * pixel;
        if (area < TRACHEA_MIN_MM2 || area > TRACHEA_MAX_MM2) continue;
        const s = stats[id]!;
        const off = Math.abs(s.meanI - centreI[k]!) * w.spacing[0];
        const boxFill = c.sizes[id]! / ((s.maxI - s.minI + 1) * (s.maxJ - s.minJ + 1));
        if (off > TRACHEA_OFF_MIDLINE_MM || boxFill < 0.5) continue;
        found.push({ id, off });
      }
      found.sort((a, b) => a.off - b.off);
      for (const f of found) {
        if (tried++ >= MAX_SEEDS) return;
        const region = new Uint8Array(n);
        for (let q = 0; q < n; q++) if (c.labels[q] === f.id) region[q] = 1;
        yield { k, region, areaMm2: c.sizes[f.id]! * pixel };
      }
    }
  }
}

interface SliceStats {
  meanI: number;
  minI: number;
  maxI: number;
  minJ: number;
  maxJ: number;
}

function componentStats(labels: Int32Array, count: number, nx: number, n: number): SliceStats[] {
  const s: SliceStats[] = Array.from({ length: count + 1 }, () => ({ meanI: 0, minI: Infinity, maxI: -Infinity, minJ: Infinity, maxJ: -Infinity }));
  const sizes = new Float64Array(count + 1);
  for (let q = 0; q < n; q++) {
    const id = labels[q]!;
    if (!id) continue;
    const i = q % nx;
    const j = (q - i) / nx;
    const t = s[id]!;
    t.meanI += i;
    sizes[id]!++;
    if (i < t.minI) t.minI = i;
    if (i > t.maxI) t.maxI = i;
    if (j < t.minJ) t.minJ = j;
    if (j > t.maxJ) t.maxJ = j;
  }
  for (let id = 1; id <= count; id++) s[id]!.meanI /= sizes[id]!;
  return s;
}
