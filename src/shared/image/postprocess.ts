import type { Mask, Volume, VoxelData } from '../volume/volume';
import { orientationCode, reorient } from '../volume/orientation';
import type { Vec3 } from '../volume/mat3';
import { labelComponents, type Connectivity } from './components';
import { labelBoundingBox } from './crop-box';
import { close } from './morphology';

/** Probability map to binary mask: 1 where p >= threshold (the paper uses 0.5). */
export function thresholdVolume(v: Volume<VoxelData>, threshold = 0.5): Mask {
  const data = new Uint8Array(v.data.length);
  for (let q = 0; q < data.length; q++) data[q] = v.data[q]! >= threshold ? 1 : 0;
  return { dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction, data };
}

/**
 * The paper's post-processing closing: in every axial slice (whatever the file's axis order),
 * a 2D binary closing with a disk of `radiusVoxels` (1 = the 4-neighbour cross). Non-zero
 * labels are treated as one foreground; the result is 0/1 on the input's own grid.
 */
export function closeAxialSlices(mask: Mask, radiusVoxels = 1): Mask {
  const lps = reorient(mask, 'LPS');
  const closed = close(lps.data, { dims: lps.dims, spacing: [1, 1, 1] }, radiusVoxels, { planar: true });
  const back = reorient({ ...lps, data: closed }, orientationCode(mask));
  return { dims: mask.dims, spacing: mask.spacing, origin: mask.origin, direction: mask.direction, data: back.data };
}

/** The lung filter's rule: a component stays when this share of its voxels lies in the lungs. */
export const LUNG_FILTER_MIN_OVERLAP = 0.25;

export type InsideLungsMode = 'voxels' | 'components';

/**
 * Keeps only what lies in the lungs (any non-zero label of `lungs`, same grid as `mask`).
 * 'voxels' cuts at the lung boundary; 'components' keeps whole connected components (26-
 * connected) that overlap the lungs by at least `minOverlap` of their voxels, so a tumour that
 * bulges past an imperfect lung mask is kept whole.
 */
export function keepInsideLungs(mask: Mask, lungs: Mask, mode: InsideLungsMode = 'voxels', minOverlap = LUNG_FILTER_MIN_OVERLAP): Mask {
  if (mask.data.length !== lungs.data.length) throw new Error('keepInsideLungs: the mask and the lungs are on different grids');
  const data = new Uint8Array(mask.data.length);
  if (mode === 'voxels') {
    for (let q = 0; q < data.length; q++) data[q] = mask.data[q] && lungs.data[q] ? mask.data[q]! : 0;
  } else {
    const c = labelComponents(mask.data, mask.dims, 26);
    const inside = new Float64Array(c.count + 1);
    for (let q = 0; q < data.length; q++) if (c.labels[q] && lungs.data[q]) inside[c.labels[q]!]! += 1;
    for (let q = 0; q < data.length; q++) {
      const id = c.labels[q]!;
      if (id && inside[id]! >= minOverlap * c.sizes[id]!) data[q] = mask.data[q]!;
    }
  }
  return { ...mask, data };
}

export interface ComponentFilter {
  /** Components of fewer millilitres than this go (0: none). */
  readonly minVolumeMl?: number;
  /** Components whose highest probability is below this go (0: none). */
  readonly minPeak?: number;
}

/**
 * Drops the 26-connected components of `mask` that are smaller than `minVolumeMl` or nowhere as
 * confident as `minPeak` in `prob` (the probability map on the same grid). Returns the mask
 * itself when the filter removes nothing by construction (both bounds 0).
 */
export function filterComponents(mask: Mask, prob: ArrayLike<number>, filter: ComponentFilter): Mask {
  const minMl = filter.minVolumeMl ?? 0;
  const minPeak = filter.minPeak ?? 0;
  if (minMl <= 0 && minPeak <= 0) return mask;
  if (prob.length !== mask.data.length) throw new Error('filterComponents: the mask and the probabilities are on different grids');
  const data = new Uint8Array(mask.data.length);
  const box = labelBoundingBox(mask.data, mask.dims);
  if (!box) return { ...mask, data };
  // Components never leave the box of the mask's voxels: label there, not over the whole scan
  // (a 512 x 512 x 300 grid took 4.7 s for the whole filter; the lungs' box is a fraction).
  const [nx, ny] = mask.dims;
  const dims: Vec3 = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1];
  const rowAt = (j: number, k: number) => box.lo[0] + nx * (box.lo[1] + j + ny * (box.lo[2] + k));
  const sub = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++, p += dims[0]) sub.set(mask.data.subarray(rowAt(j, k), rowAt(j, k) + dims[0]), p);
  }
  const c = labelComponents(sub, dims, 26);
  const peak = new Float64Array(c.count + 1);
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      const row = rowAt(j, k);
      for (let i = 0; i < dims[0]; i++, p++) {
        const id = c.labels[p]!;
        if (id && prob[row + i]! > peak[id]!) peak[id] = prob[row + i]!;
      }
    }
  }
  const voxelMl = (mask.spacing[0] * mask.spacing[1] * mask.spacing[2]) / 1000;
  const keep = new Uint8Array(c.count + 1);
  for (let id = 1; id <= c.count; id++) keep[id] = c.sizes[id]! * voxelMl >= minMl && peak[id]! >= minPeak ? 1 : 0;
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      const row = rowAt(j, k);
      for (let i = 0; i < dims[0]; i++, p++) if (keep[c.labels[p]!]) data[row + i] = mask.data[row + i]!;
    }
  }
  return { ...mask, data };
}

/** 3D connected components of a mask's non-zero voxels (6- or 26-connectivity). */
export function maskComponents(mask: Mask, connectivity: Extract<Connectivity, 6 | 26> = 26) {
  return labelComponents(mask.data, mask.dims, connectivity);
}
