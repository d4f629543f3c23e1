import { createGeometry, indexToWorld, indexToWorldAffine, type Geometry } from '../volume/geometry';
import { mat3Column, type Mat3, type Vec3 } from '../volume/mat3';
import { unwrap } from '../result';
import { lpsGeometry } from '../boxes/lps-grid';

/** The spacing both networks see (x, y, z in mm), from the paper. */
export const NETWORK_SPACING: Vec3 = [1, 1, 1.5];

/**
 * The index permutation and flips that make a geometry read in LPS order (i toward patient
 * left, j posterior, k superior), without moving any voxel: `axes[t]` is the source index axis
 * feeding target axis t and `flip[t]` says it runs backwards. Mirrors `reorient` in
 * src/shared/volume/orientation.ts so grids derived here agree with reoriented volumes.
 */
export function lpsAxes(g: Geometry): { axes: [number, number, number]; flip: [boolean, boolean, boolean] } {
  const candidates: { axis: number; world: number; mag: number; sign: number }[] = [];
  for (let c = 0; c < 3; c++) {
    const col = mat3Column(g.direction, c);
    for (let w = 0; w < 3; w++) candidates.push({ axis: c, world: w, mag: Math.abs(col[w]!), sign: col[w]! >= 0 ? 1 : -1 });
  }
  candidates.sort((a, b) => b.mag - a.mag);
  const byWorld = new Map<number, { axis: number; sign: number }>();
  const usedAxes = new Set<number>();
  for (const c of candidates) {
    if (usedAxes.has(c.axis) || byWorld.has(c.world)) continue;
    byWorld.set(c.world, { axis: c.axis, sign: c.sign });
    usedAxes.add(c.axis);
  }
  const a = [0, 1, 2].map((w) => byWorld.get(w)!);
  return { axes: [a[0]!.axis, a[1]!.axis, a[2]!.axis], flip: [a[0]!.sign < 0, a[1]!.sign < 0, a[2]!.sign < 0] };
}

// The geometry `reorient(v, 'LPS')` would give, without touching voxels (one implementation
// for boxes and images; it matches lpsAxes below, a test holds them equal to reorient).
export { lpsGeometry };

/**
 * A grid with the given spacing covering the same physical box as `g` (voxel edges, not
 * centres: the box runs from index -0.5 to n-0.5 on every axis), in LPS axis order. The first
 * voxel's outer corner coincides with the source's, so the grid depends only on the source
 * geometry and the spacing, and mapping back through geometry is exact.
 */
export function resampledGeometry(g: Geometry, spacing: Vec3 = NETWORK_SPACING): Geometry {
  const lps = lpsGeometry(g);
  const dims = [0, 1, 2].map((a) => Math.max(1, Math.ceil((lps.dims[a]! * lps.spacing[a]!) / spacing[a]! - 1e-6)));
  const shift = [0, 1, 2].map((a) => (spacing[a]! - lps.spacing[a]!) / 2 / lps.spacing[a]!);
  return unwrap(createGeometry({
    dims,
    spacing,
    origin: indexToWorld(lps, shift as unknown as Vec3),
    direction: lps.direction,
  }));
}

/** The sub-grid of `g` starting at integer index `start` (may be negative or run past the end). */
export function subGrid(g: Geometry, start: Vec3, dims: Vec3): Geometry {
  return { dims, spacing: g.spacing, direction: g.direction, origin: indexToWorld(g, start) };
}

/**
 * The grid of a block average with integer `factors`: voxel (i,j,k) averages source voxels
 * factors*(i,j,k) .. factors*(i,j,k)+factors-1, so its centre sits at the blocks' middle.
 * A last partial block averages what exists; its centre is still placed as for a full block,
 * a sub-voxel approximation that only the outermost slab feels.
 */
export function blockGeometry(g: Geometry, factors: Vec3): Geometry {
  const dims = [0, 1, 2].map((a) => Math.ceil(g.dims[a]! / factors[a]!)) as unknown as Vec3;
  const spacing = [0, 1, 2].map((a) => g.spacing[a]! * factors[a]!) as unknown as Vec3;
  const centre = [0, 1, 2].map((a) => (factors[a]! - 1) / 2) as unknown as Vec3;
  return { dims, spacing, direction: g.direction, origin: indexToWorld(g, centre) };
}

/**
 * The 3x4 row-major affine taking an index of `target` to a continuous index of `source`,
 * composed once so resampling loops only add columns.
 */
export function indexToIndexAffine(target: Geometry, source: Geometry): number[] {
  const t = indexToWorldAffine(target);
  const s = indexToWorldAffine(source);
  const m: Mat3 = [s[0]!, s[1]!, s[2]!, s[4]!, s[5]!, s[6]!, s[8]!, s[9]!, s[10]!];
  const inv = invert3(m);
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let v = 0;
      for (let q = 0; q < 3; q++) v += inv[r * 3 + q]! * (c < 3 ? t[q * 4 + c]! : t[q * 4 + 3]! - s[q * 4 + 3]!);
      out.push(v);
    }
  }
  return out;
}

function invert3(m: Mat3): number[] {
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (!(Math.abs(det) > 0)) throw new Error('indexToIndexAffine: singular source geometry');
  const d = 1 / det;
  return [
    (m[4] * m[8] - m[5] * m[7]) * d, (m[2] * m[7] - m[1] * m[8]) * d, (m[1] * m[5] - m[2] * m[4]) * d,
    (m[5] * m[6] - m[3] * m[8]) * d, (m[0] * m[8] - m[2] * m[6]) * d, (m[2] * m[3] - m[0] * m[5]) * d,
    (m[3] * m[7] - m[4] * m[6]) * d, (m[1] * m[6] - m[0] * m[7]) * d, (m[0] * m[4] - m[1] * m[3]) * d,
  ];
}

/** Which index axis runs closest to the patient's head-foot axis: the normal of "axial" slices. */
export function axialAxis(g: Geometry): number {
  let best = 0;
  for (let c = 1; c < 3; c++) if (Math.abs(g.direction[6 + c]!) > Math.abs(g.direction[6 + best]!)) best = c;
  return best;
}

/**
 * The index range of `g` whose voxel centres can fall inside `box`'s physical extent (edges at
 * index -0.5 and n-0.5), clamped to `g`. Empty ranges come back with lo > hi on some axis.
 */
export function overlapRange(g: Geometry, box: Geometry): { lo: Vec3; hi: Vec3 } {
  const a = indexToIndexAffine(box, g);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const p = [c & 1 ? box.dims[0] - 0.5 : -0.5, c & 2 ? box.dims[1] - 0.5 : -0.5, c & 4 ? box.dims[2] - 0.5 : -0.5];
    for (let r = 0; r < 3; r++) {
      const x = a[r * 4]! * p[0]! + a[r * 4 + 1]! * p[1]! + a[r * 4 + 2]! * p[2]! + a[r * 4 + 3]!;
      lo[r] = Math.min(lo[r]!, x);
      hi[r] = Math.max(hi[r]!, x);
    }
  }
  const clampLo = (r: number) => Math.max(0, Math.floor(lo[r]!));
  const clampHi = (r: number) => Math.min(g.dims[r]! - 1, Math.ceil(hi[r]!));
  return { lo: [clampLo(0), clampLo(1), clampLo(2)], hi: [clampHi(0), clampHi(1), clampHi(2)] };
}
