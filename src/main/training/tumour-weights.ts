import { labelComponents } from '../../shared/image/components';
import type { Vec3 } from '../../shared/volume/mat3';
import { MIN_TUMOUR_VOXELS } from './prepare';

/**
 * Instance-balanced BCE weights (the idea of blob loss, Kofler et al. 2023): a voxel of a
 * tumour of v voxels weighs max(1, reference / v), so in the BCE every tumour counts at least
 * as much as one of `reference` voxels, however small. Background and larger tumours weigh 1.
 * Sizes are those of the whole 26-connected tumour in the lung crop, never of the part a patch
 * cuts, so the cut edge of a large tumour is not mistaken for a small one. Fragments under
 * `MIN_TUMOUR_VOXELS` (prepare.ts) weigh 1: a weight of thousands on one voxel would teach
 * the network to mark noise.
 */
export type TumourWeightTable = ReadonlyMap<number, number>;

/** Voxel index -> weight, for the voxels of tumours smaller than `reference` voxels only. */
export function tumourWeightTable(label: Uint8Array, dims: Vec3, reference: number, minVoxels = MIN_TUMOUR_VOXELS): TumourWeightTable {
  const table = new Map<number, number>();
  if (!(reference > 1)) return table;
  const c = labelComponents(label, dims, 26);
  for (let q = 0; q < label.length; q++) {
    const id = c.labels[q]!;
    if (id === 0) continue;
    const size = c.sizes[id]!;
    if (size >= minVoxels && size < reference) table.set(q, reference / size);
  }
  return table;
}

/**
 * The weights of the box at `start` of size `size` (i fastest), before any augmentation;
 * voxels outside the crop weigh 1 like background.
 */
export function weightBox(table: TumourWeightTable, dims: Vec3, start: Vec3, size: Vec3): Float32Array {
  const out = new Float32Array(size[0] * size[1] * size[2]).fill(1);
  const [sx, sy] = dims;
  // The table holds only small tumours' voxels (a few thousand), far fewer than a patch has.
  for (const [q, w] of table) {
    const i = (q % sx) - start[0];
    const j = (Math.floor(q / sx) % sy) - start[1];
    const k = Math.floor(q / (sx * sy)) - start[2];
    if (i < 0 || j < 0 || k < 0 || i >= size[0] || j >= size[1] || k >= size[2]) continue;
    out[i + size[0] * (j + size[1] * k)] = w;
  }
  return out;
}
