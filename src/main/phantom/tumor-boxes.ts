import type { AxialBox } from '../../shared/boxes/types';
import type { Geometry } from '../../shared/volume/geometry';

/**
 * The per-axial-slice 2D bounding box of each tumour label (the paper's transform_to_weak):
 * 0-based inclusive indices on the mask's grid, ordered by slice then label.
 */
export function tumorBoxes(mask: Uint8Array, g: Geometry, classes: ReadonlyMap<number, string>): AxialBox[] {
  const [nx, ny, nz] = g.dims;
  const boxes: AxialBox[] = [];
  const lo = new Int32Array(256 * 2);
  const hi = new Int32Array(256 * 2);
  for (let k = 0; k < nz; k++) {
    lo.fill(0x7fffffff);
    hi.fill(-1);
    let any = false;
    const base = k * nx * ny;
    for (let j = 0; j < ny; j++) {
      const row = base + j * nx;
      for (let i = 0; i < nx; i++) {
        const l = mask[row + i]!;
        if (l === 0) continue;
        any = true;
        if (i < lo[2 * l]!) lo[2 * l] = i;
        if (i > hi[2 * l]!) hi[2 * l] = i;
        if (j < lo[2 * l + 1]!) lo[2 * l + 1] = j;
        if (j > hi[2 * l + 1]!) hi[2 * l + 1] = j;
      }
    }
    if (!any) continue;
    for (let l = 1; l < 256; l++) {
      if (hi[2 * l]! < 0) continue;
      boxes.push({ k, i0: lo[2 * l]!, j0: lo[2 * l + 1]!, i1: hi[2 * l]!, j1: hi[2 * l + 1]!, label: classes.get(l) ?? 'tumor', tumor: l });
    }
  }
  return boxes;
}
