import { linearIndex, indexToWorld, type Geometry } from './geometry';
import { mat3Column, mat3FromColumns, vecScale, type Vec3 } from './mat3';
import { allocateVoxels, voxelTypeOf, type Volume, type VoxelData } from './volume';

/**
 * Orientation codes name, for each index axis i, j, k, the patient direction it points
 * toward (nibabel's convention): "LPS" means i runs toward the patient's left, j toward
 * posterior, k toward superior. DICOM's identity direction is "LPS"; NIfTI's identity is "RAS".
 */
export type OrientationCode = string;

const POSITIVE = ['L', 'P', 'S'] as const;
const NEGATIVE = ['R', 'A', 'I'] as const;

interface AxisMap {
  readonly worldAxis: number;
  readonly sign: 1 | -1;
}

function dominantAxes(g: Geometry): AxisMap[] {
  const used = new Set<number>();
  const maps: AxisMap[] = [];
  // Assign the strongest components first so an oblique scan still gets a permutation.
  const candidates: { axis: number; world: number; mag: number; sign: 1 | -1 }[] = [];
  for (let c = 0; c < 3; c++) {
    const col = mat3Column(g.direction, c);
    for (let w = 0; w < 3; w++) candidates.push({ axis: c, world: w, mag: Math.abs(col[w]!), sign: col[w]! >= 0 ? 1 : -1 });
  }
  candidates.sort((a, b) => b.mag - a.mag);
  const assigned = new Map<number, AxisMap>();
  for (const cand of candidates) {
    if (assigned.has(cand.axis) || used.has(cand.world)) continue;
    assigned.set(cand.axis, { worldAxis: cand.world, sign: cand.sign });
    used.add(cand.world);
  }
  for (let c = 0; c < 3; c++) maps.push(assigned.get(c)!);
  return maps;
}

export function orientationCode(g: Geometry): OrientationCode {
  return dominantAxes(g)
    .map((m) => (m.sign > 0 ? POSITIVE[m.worldAxis] : NEGATIVE[m.worldAxis]))
    .join('');
}

function parseCode(code: string): AxisMap[] | undefined {
  if (code.length !== 3) return undefined;
  const maps: AxisMap[] = [];
  for (const ch of code.toUpperCase()) {
    const p = POSITIVE.indexOf(ch as (typeof POSITIVE)[number]);
    const n = NEGATIVE.indexOf(ch as (typeof NEGATIVE)[number]);
    if (p >= 0) maps.push({ worldAxis: p, sign: 1 });
    else if (n >= 0) maps.push({ worldAxis: n, sign: -1 });
    else return undefined;
  }
  return new Set(maps.map((m) => m.worldAxis)).size === 3 ? maps : undefined;
}

/**
 * Permutes and flips index axes (no interpolation, every voxel keeps its world position) so
 * the volume reads in the target orientation. The default, LPS, is the canonical order every
 * algorithm here may assume: i toward patient left, j toward posterior, k toward superior.
 */
export function reorient<T extends VoxelData>(v: Volume<T>, target: OrientationCode = 'LPS'): Volume<T> {
  const want = parseCode(target);
  if (!want) throw new Error(`reorient: invalid orientation code "${target}"`);
  const have = dominantAxes(v);
  // For each target axis t: which source axis feeds it and whether it runs backwards.
  const source: number[] = [];
  const flip: boolean[] = [];
  for (let t = 0; t < 3; t++) {
    const s = have.findIndex((m) => m.worldAxis === want[t]!.worldAxis);
    source.push(s);
    flip.push(have[s]!.sign !== want[t]!.sign);
  }
  if (source.every((s, t) => s === t) && !flip.some(Boolean)) return v;

  const dims: Vec3 = [v.dims[source[0]!]!, v.dims[source[1]!]!, v.dims[source[2]!]!];
  const spacing: Vec3 = [v.spacing[source[0]!]!, v.spacing[source[1]!]!, v.spacing[source[2]!]!];
  const cols = [0, 1, 2].map((t) => vecScale(mat3Column(v.direction, source[t]!), flip[t] ? -1 : 1));
  const direction = mat3FromColumns(cols[0]!, cols[1]!, cols[2]!);
  const firstSource: number[] = [0, 0, 0];
  for (let t = 0; t < 3; t++) firstSource[source[t]!] = flip[t] ? v.dims[source[t]!]! - 1 : 0;
  const origin = indexToWorld(v, firstSource as unknown as Vec3);

  // Source strides per target axis turn the copy into three nested adds.
  const srcStride = [1, v.dims[0], v.dims[0] * v.dims[1]];
  const step = [0, 1, 2].map((t) => (flip[t] ? -1 : 1) * srcStride[source[t]!]!);
  const start = linearIndex(v, firstSource[0]!, firstSource[1]!, firstSource[2]!);
  const out = allocateVoxels(voxelTypeOf(v.data), v.data.length) as T;
  let o = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      let s = start + k * step[2]! + j * step[1]!;
      for (let i = 0; i < dims[0]; i++, s += step[0]!) out[o++] = v.data[s]!;
    }
  }
  return { dims, spacing, origin, direction, data: out };
}
