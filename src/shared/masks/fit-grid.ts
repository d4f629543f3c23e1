import { fail, ok, type Result } from '../result';
import { sameGeometry, type Geometry } from '../volume/geometry';
import { orientationCode, reorient } from '../volume/orientation';
import { geometryOf, type Volume, type VoxelData } from '../volume/volume';

function describe(g: Geometry): string {
  const f = (v: readonly number[]): string => v.map((x) => +x.toFixed(3)).join(', ');
  return `${g.dims.join('x')} voxels of ${f(g.spacing)} mm, ${orientationCode(g)}, first voxel at (${f(g.origin)})`;
}

/**
 * Puts a mask onto a CT's own grid without resampling: accepted when every voxel centre
 * coincides with the CT's within `tolMm` (default 1% of the CT's smallest spacing, which
 * absorbs float32 header rounding in NIfTI files but not a shift, a different size or a
 * different spacing), either directly or after permuting/flipping axes (a mask stored RAS
 * for a CT stored LPS). The result carries the CT's exact geometry.
 */
export function maskOnGrid<T extends VoxelData>(mask: Volume<T>, grid: Geometry, tolMm?: number): Result<Volume<T>> {
  const tol = tolMm ?? 0.01 * Math.min(...grid.spacing);
  if (sameGeometry(mask, grid, tol)) return ok({ ...geometryOf(grid), data: mask.data });
  const sameCount = mask.dims[0] * mask.dims[1] * mask.dims[2] === grid.dims[0] * grid.dims[1] * grid.dims[2];
  if (sameCount) {
    const turned = reorient(mask, orientationCode(grid));
    if (sameGeometry(turned, grid, tol)) return ok({ ...geometryOf(grid), data: turned.data });
  }
  return fail(`the mask's grid (${describe(mask)}) does not match the CT's (${describe(grid)}); masks must lie on the CT's own voxels`);
}
