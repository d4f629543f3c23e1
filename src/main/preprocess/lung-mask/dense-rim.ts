import type { Vec3 } from '../../../shared/volume/mat3';
import type { VoxelData } from '../../../shared/volume/volume';
import { forEachNonZeroSpan } from '../../../shared/image/nonzero';

// Tissue at least this dense (HU) inside the lung is a mass, not the wall's partial volume.
const DENSE_HU = -150;
// How deep (mm) the dense run inward from the edge must reach: the mask's own overreach into the
// chest wall is at most a block of the 2 mm work grid.
const DEPTH_MM = 2.5;
// Only in the axial plane and only on fine pixels: the layer taken is one voxel, the sub-
// millimetre rim that partial volume leaves; on a coarser grid a voxel is more wall than rim
// (on the 2.1 mm small phantoms the step cost 0.001-0.002 of Dice and took no tumour).
const MAX_SPACING_MM = 1;

/**
 * One layer more, on the CT's own grid, where a dense mass inside a lung reaches the mask's
 * edge: an outside voxel is taken when the run of voxels behind it along an in-plane axis,
 * inside the same lung, is dense for DEPTH_MM. That is the wall side of a small juxta-pleural tumour,
 * which the phantoms label tumour and the work grid averaged with the chest wall. Nothing is
 * taken where `growable` says no. Decisions read the mask as it was, so the result does not
 * depend on the order of the voxels. Returns the number of voxels added.
 */
export function addDenseRim(ct: VoxelData, labels: Uint8Array, dims: Vec3, spacing: Vec3, growable: ((q: number) => boolean) | null): number {
  const [nx, ny] = dims;
  // In-plane axes only: i (stride 1) and j (stride nx), each with the run it needs.
  const axes = [0, 1].filter((a) => spacing[a]! <= MAX_SPACING_MM).map((a) => ({
    stride: a === 0 ? 1 : nx, size: a === 0 ? nx : ny, need: Math.max(2, Math.ceil(DEPTH_MM / spacing[a]!)), axis: a,
  }));
  if (axes.length === 0) return 0;
  const take: number[] = [];
  const takeLabel: number[] = [];
  forEachNonZeroSpan(labels, (start, end) => {
    for (let u = start; u < end; u++) {
      const label = labels[u]!;
      if (label === 0 || ct[u]! < DENSE_HU) continue;
      const i = u % nx;
      const j = ((u - i) / nx) % ny;
      for (const { stride, size, need, axis } of axes) {
        const c = axis === 0 ? i : j;
        for (let dir = -1; dir <= 1; dir += 2) {
          const vc = c + dir;
          if (vc < 0 || vc >= size) continue;
          const v = u + dir * stride;
          if (labels[v] !== 0 || (growable !== null && !growable(v))) continue;
          // The run behind u, away from v, inside the same lung and dense.
          let run = 1;
          while (run < need) {
            const wc = c - dir * run;
            const w = u - dir * run * stride;
            if (wc < 0 || wc >= size || labels[w] !== label || ct[w]! < DENSE_HU) break;
            run++;
          }
          if (run < need) continue;
          take.push(v);
          takeLabel.push(label);
        }
      }
    }
  });
  let added = 0;
  for (let n = 0; n < take.length; n++) {
    const v = take[n]!;
    // Two lungs reaching the same voxel: the lower label, whatever the scan order.
    if (labels[v] === 0 || takeLabel[n]! < labels[v]!) {
      if (labels[v] === 0) added++;
      labels[v] = takeLabel[n]!;
    }
  }
  return added;
}
