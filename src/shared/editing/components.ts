import type { Mask } from '../volume/volume';
import { EditRecorder, type MaskEdit } from './mask-edit';

/** 6: faces only. 26: faces, edges and corners (what "one lesion" means to a reader). */
export type Connectivity = 6 | 26;

export interface ComponentLabels {
  /** 0 for background, 1..count for each component, numbered in scan order. */
  readonly labels: Int32Array;
  /** sizes[c] = voxel count of component c (sizes[0] is unused and 0). */
  readonly sizes: number[];
  readonly count: number;
}

function neighbourOffsets(connectivity: Connectivity): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const manhattan = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (manhattan === 0) continue;
        if (connectivity === 6 && manhattan > 1) continue;
        out.push([di, dj, dk]);
      }
    }
  }
  return out;
}

/** Connected components of the non-zero voxels, by flood fill with an explicit stack. */
export function labelComponents(mask: Pick<Mask, 'dims' | 'data'>, connectivity: Connectivity = 26): ComponentLabels {
  const [nx, ny, nz] = mask.dims;
  const data = mask.data;
  const labels = new Int32Array(data.length);
  const sizes = [0];
  const offsets = neighbourOffsets(connectivity);
  let stack = new Int32Array(1024);
  let count = 0;
  for (let start = 0; start < data.length; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    count++;
    let size = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = count;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const i = p % nx;
      const j = Math.floor(p / nx) % ny;
      const k = Math.floor(p / (nx * ny));
      for (const [di, dj, dk] of offsets) {
        const a = i + di;
        const b = j + dj;
        const c = k + dk;
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
        const q = a + nx * (b + ny * c);
        if (data[q] === 0 || labels[q] !== 0) continue;
        labels[q] = count;
        if (top === stack.length) {
          const grown = new Int32Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[top++] = q;
      }
    }
    sizes.push(size);
  }
  return { labels, sizes, count };
}

/** Clears every component smaller than `minVoxels` (specks left by a threshold or a stray click). */
export function removeSmallIslands(mask: Mask, minVoxels: number, connectivity: Connectivity = 26): MaskEdit {
  const { labels, sizes } = labelComponents(mask, connectivity);
  const rec = new EditRecorder(mask, 'remove small islands');
  for (let p = 0; p < labels.length; p++) {
    const c = labels[p]!;
    if (c !== 0 && sizes[c]! < minVoxels) rec.set(p, 0);
  }
  return rec.finish();
}

/** Keeps only the component containing voxel `seed`; an empty edit when the seed is background. */
export function keepComponentAt(mask: Mask, seed: number, connectivity: Connectivity = 26): MaskEdit {
  const rec = new EditRecorder(mask, 'keep component');
  if (mask.data[seed] === undefined || mask.data[seed] === 0) return rec.finish();
  const { labels } = labelComponents(mask, connectivity);
  const keep = labels[seed]!;
  for (let p = 0; p < labels.length; p++) if (labels[p] !== 0 && labels[p] !== keep) rec.set(p, 0);
  return rec.finish();
}

/** Erases the component containing voxel `seed` (a click on a false positive). */
export function eraseComponentAt(mask: Mask, seed: number, connectivity: Connectivity = 26): MaskEdit {
  const rec = new EditRecorder(mask, 'erase component');
  if (mask.data[seed] === undefined || mask.data[seed] === 0) return rec.finish();
  const { labels } = labelComponents(mask, connectivity);
  const target = labels[seed]!;
  for (let p = 0; p < labels.length; p++) if (labels[p] === target) rec.set(p, 0);
  return rec.finish();
}
