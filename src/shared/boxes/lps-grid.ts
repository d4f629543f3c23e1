import { indexToWorld, type Geometry } from '../volume/geometry';
import { mat3Column, mat3FromColumns, vecScale, type Mat3, type Vec3 } from '../volume/mat3';

/**
 * The geometry `reorient(volume, 'LPS')` gives, computed without touching voxel data, so box
 * files for a 500-slice CT can name their grid without copying the CT. Axes are matched by
 * their strongest world component, strongest first, exactly as reorient does; a test holds
 * the two equal.
 */
export function lpsGeometry(g: Geometry): Geometry {
  const candidates: { axis: number; world: number; mag: number; sign: number }[] = [];
  for (let c = 0; c < 3; c++) {
    const col = mat3Column(g.direction, c);
    for (let w = 0; w < 3; w++) candidates.push({ axis: c, world: w, mag: Math.abs(col[w]!), sign: col[w]! >= 0 ? 1 : -1 });
  }
  candidates.sort((a, b) => b.mag - a.mag);
  const sourceOf = [-1, -1, -1];
  const flip = [false, false, false];
  const axisDone = new Set<number>();
  for (const cand of candidates) {
    if (axisDone.has(cand.axis) || sourceOf[cand.world] !== -1) continue;
    axisDone.add(cand.axis);
    sourceOf[cand.world] = cand.axis;
    flip[cand.world] = cand.sign < 0;
  }
  const src = sourceOf as [number, number, number];
  const dims: Vec3 = [g.dims[src[0]]!, g.dims[src[1]]!, g.dims[src[2]]!];
  const spacing: Vec3 = [g.spacing[src[0]]!, g.spacing[src[1]]!, g.spacing[src[2]]!];
  const cols = [0, 1, 2].map((t) => vecScale(mat3Column(g.direction, src[t]!), flip[t] ? -1 : 1));
  const first = [0, 0, 0];
  for (let t = 0; t < 3; t++) first[src[t]!] = flip[t] ? g.dims[src[t]!]! - 1 : 0;
  // "+ 0" turns the -0 of a flipped zero component into 0, so equal grids compare and print equal.
  const direction = mat3FromColumns(cols[0]!, cols[1]!, cols[2]!).map((x) => x + 0) as unknown as Mat3;
  return { dims, spacing, origin: indexToWorld(g, first as unknown as Vec3), direction };
}
