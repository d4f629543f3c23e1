import type { AxialBox, BoxSet } from '../boxes/types';
import { geometryOf, type Volume, type VoxelData } from '../volume/volume';
import { reorient } from '../volume/orientation';
import { labelComponents, type Connectivity } from '../image/components';

export interface MaskToBoxesOptions {
  /** Label written on every box (default "tumor"). */
  readonly label?: string;
  /**
   * What one tumour is: 'components' (default) = each connected component of the non-zero
   * voxels; 'labels' = each distinct non-zero voxel value (an instance label map).
   */
  readonly instances?: 'components' | 'labels';
  readonly connectivity?: Connectivity;
}

/**
 * transform_to_weak (Fredriksen et al.): the weak label a nurse would have drawn for a voxel
 * mask, i.e. for every tumour and every axial slice it touches, the 2D bounding box of that
 * tumour's voxels on that slice. The mask is first reoriented to LPS so boxes are axial on the
 * canonical grid, which becomes the BoxSet's grid. Tumours are numbered 1..n in scan order
 * (lowest slice first) for components, or by their voxel value for label maps.
 */
export function maskToBoxes(mask: Volume<VoxelData>, options: MaskToBoxesOptions = {}): BoxSet {
  const lps = reorient(mask, 'LPS');
  const [nx, ny, nz] = lps.dims;
  const label = options.label ?? 'tumor';
  const instanceOf: ArrayLike<number> =
    (options.instances ?? 'components') === 'labels' ? lps.data : labelComponents(lps.data, lps.dims, options.connectivity ?? 26).labels;
  const boxes: AxialBox[] = [];
  const sliceSize = nx * ny;
  for (let k = 0; k < nz; k++) {
    // Per slice: instance -> [i0, j0, i1, j1]; Map keeps first-seen order, sorted below.
    const found = new Map<number, [number, number, number, number]>();
    let p = k * sliceSize;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        const t = instanceOf[p]!;
        if (t === 0) continue;
        const b = found.get(t);
        if (!b) found.set(t, [i, j, i, j]);
        else {
          if (i < b[0]) b[0] = i;
          if (i > b[2]) b[2] = i;
          b[3] = j;
        }
      }
    }
    for (const t of [...found.keys()].sort((a, b) => a - b)) {
      const [i0, j0, i1, j1] = found.get(t)!;
      boxes.push({ k, i0, j0, i1, j1, label, tumor: t });
    }
  }
  return { format: 'lungts-boxes', version: 1, grid: geometryOf(lps), boxes };
}
