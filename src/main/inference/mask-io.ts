import { fail, ok, type Result } from '../../shared/result';
import { sameGeometry, type Geometry } from '../../shared/volume/geometry';
import { orientationCode, reorient } from '../../shared/volume/orientation';
import type { Mask, Volume } from '../../shared/volume/volume';
import { readNifti } from '../io/nifti/read';

/**
 * Reads a mask (NIfTI) as 0..255 labels; with `grid`, the mask must cover the same voxels
 * (the same grid, or the same voxels stored in another axis order, which is reoriented).
 * Float masks (probabilities) count as foreground at >= 0.5.
 */
export function readMask(path: string, grid?: Geometry): Result<Mask> {
  const r = readNifti(path);
  if (!r.ok) return r;
  let v: Volume = r.value.volume;
  if (grid && !sameGeometry(v, grid, 1e-3)) {
    const turned = reorient(v, orientationCode(grid));
    if (!sameGeometry(turned, grid, 1e-3)) {
      return fail(`${path}: the mask's grid (${v.dims.join('x')} voxels of ${v.spacing.map((s) => s.toFixed(3)).join('x')} mm) is not the image's (${grid.dims.join('x')} of ${grid.spacing.map((s) => s.toFixed(3)).join('x')} mm)`);
    }
    v = turned;
  }
  return ok(toLabels(v));
}

export function toLabels(v: Volume): Mask {
  const float = v.data instanceof Float32Array || v.data instanceof Float64Array;
  const data = new Uint8Array(v.data.length);
  for (let q = 0; q < data.length; q++) {
    const x = v.data[q]!;
    data[q] = float ? (x >= 0.5 ? 1 : 0) : x <= 0 ? 0 : x > 255 ? 255 : x;
  }
  return { dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction, data };
}

export function withGrid(g: Geometry, data: Uint8Array): Mask {
  return { dims: g.dims, spacing: g.spacing, origin: g.origin, direction: g.direction, data };
}
