import { labelComponents as labelRaster, type Connectivity } from '../image/components';
import type { Mask } from '../volume/volume';
import { EditRecorder, type MaskEdit } from './mask-edit';

export type { Connectivity };

export interface ComponentLabels {
  /** 0 for background, 1..count for each component, numbered in scan order. */
  readonly labels: Int32Array;
  /** sizes[c] = voxel count of component c (sizes[0] is unused and 0). */
  readonly sizes: readonly number[];
  readonly count: number;
}

/** Connected components of the non-zero voxels with their sizes (what the island tools need). */
export function labelComponents(mask: Pick<Mask, 'dims' | 'data'>, connectivity: Connectivity = 26): ComponentLabels {
  return labelRaster(mask.data, mask.dims, connectivity);
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
