import type { AxialBox } from '../boxes/types';
import type { Vec3 } from '../volume/mat3';

/** Puts corners in order and inside the grid, so every tool hands back a valid box. */
export function normaliseBox(box: AxialBox, dims: Vec3): AxialBox {
  const clampI = (x: number): number => Math.min(dims[0] - 1, Math.max(0, Math.round(x)));
  const clampJ = (y: number): number => Math.min(dims[1] - 1, Math.max(0, Math.round(y)));
  const i0 = clampI(Math.min(box.i0, box.i1));
  const i1 = clampI(Math.max(box.i0, box.i1));
  const j0 = clampJ(Math.min(box.j0, box.j1));
  const j1 = clampJ(Math.max(box.j0, box.j1));
  const k = Math.min(dims[2] - 1, Math.max(0, Math.round(box.k)));
  return { ...box, k, i0, i1, j0, j1 };
}

/** Moves a box in-plane by (di, dj) voxels, keeping its size and stopping at the grid's edge. */
export function moveBox(box: AxialBox, di: number, dj: number, dims: Vec3): AxialBox {
  const w = box.i1 - box.i0;
  const h = box.j1 - box.j0;
  const i0 = Math.min(dims[0] - 1 - w, Math.max(0, Math.round(box.i0 + di)));
  const j0 = Math.min(dims[1] - 1 - h, Math.max(0, Math.round(box.j0 + dj)));
  return { ...box, i0, j0, i1: i0 + w, j1: j0 + h };
}

/** Which edges a resize handle drags: n/s move j0/j1, w/e move i0/i1. */
export type BoxHandle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

export function resizeBox(box: AxialBox, handle: BoxHandle, i: number, j: number, dims: Vec3): AxialBox {
  let { i0, i1, j0, j1 } = box;
  if (handle.includes('w')) i0 = i;
  if (handle.includes('e')) i1 = i;
  if (handle.includes('n')) j0 = j;
  if (handle.includes('s')) j1 = j;
  return normaliseBox({ ...box, i0, i1, j0, j1 }, dims);
}

/**
 * Boxes for every slice strictly between two key boxes of one tumour, corners linearly
 * interpolated and rounded. A nurse boxes the first and last slice of a lesion (and a few in
 * between where it bends) and the rest follow.
 */
export function interpolateBoxes(a: AxialBox, b: AxialBox): AxialBox[] {
  if (a.k === b.k) return [];
  const [lo, hi] = a.k < b.k ? [a, b] : [b, a];
  const out: AxialBox[] = [];
  for (let k = lo.k + 1; k < hi.k; k++) {
    const t = (k - lo.k) / (hi.k - lo.k);
    const mix = (x: number, y: number): number => Math.round(x + (y - x) * t);
    out.push({
      k,
      i0: mix(lo.i0, hi.i0),
      j0: mix(lo.j0, hi.j0),
      i1: mix(lo.i1, hi.i1),
      j1: mix(lo.j1, hi.j1),
      label: lo.label,
      tumor: lo.tumor,
    });
  }
  return out;
}

/** Copies a box to the next `count` slices (direction +1 superior, -1 inferior) that exist in the grid. */
export function copyBoxToSlices(box: AxialBox, count: number, direction: 1 | -1, dims: Vec3): AxialBox[] {
  const out: AxialBox[] = [];
  for (let n = 1; n <= count; n++) {
    const k = box.k + direction * n;
    if (k < 0 || k >= dims[2]) break;
    const { sopInstanceUid: _drop, ...rest } = box;
    out.push({ ...rest, k });
  }
  return out;
}

/**
 * Fills the gaps of one tumour: between each pair of consecutive boxed slices, interpolated
 * boxes for the slices that have none. Existing boxes are never replaced.
 */
export function interpolateTumourGaps(boxes: readonly AxialBox[], tumor: number): AxialBox[] {
  const own = boxes.filter((b) => b.tumor === tumor).sort((x, y) => x.k - y.k);
  const out: AxialBox[] = [];
  for (let n = 1; n < own.length; n++) out.push(...interpolateBoxes(own[n - 1]!, own[n]!));
  return out;
}

/** Adds boxes, replacing any existing box of the same tumour on the same slice. */
export function mergeBoxes(existing: readonly AxialBox[], added: readonly AxialBox[]): AxialBox[] {
  const key = (b: AxialBox): string => `${b.tumor}:${b.k}`;
  const replaced = new Set(added.map(key));
  return [...existing.filter((b) => !replaced.has(key(b))), ...added].sort((x, y) => x.tumor - y.tumor || x.k - y.k);
}

/** Per tumour: its slices in order and its label, for the box list panel. */
export function summariseTumours(boxes: readonly AxialBox[]): { tumor: number; label: string; slices: number[] }[] {
  const by = new Map<number, { tumor: number; label: string; slices: number[] }>();
  for (const b of boxes) {
    const entry = by.get(b.tumor) ?? { tumor: b.tumor, label: b.label, slices: [] };
    entry.slices.push(b.k);
    by.set(b.tumor, entry);
  }
  return [...by.values()].map((e) => ({ ...e, slices: e.slices.sort((x, y) => x - y) })).sort((x, y) => x.tumor - y.tumor);
}

/** The next free tumour number, for "new tumour". */
export function nextTumourId(boxes: readonly AxialBox[]): number {
  return boxes.reduce((m, b) => Math.max(m, b.tumor), 0) + 1;
}

/** The box under voxel (i, j) on slice k, if any (topmost = last drawn). */
export function boxAt(boxes: readonly AxialBox[], k: number, i: number, j: number): AxialBox | undefined {
  for (let n = boxes.length - 1; n >= 0; n--) {
    const b = boxes[n]!;
    if (b.k === k && i >= b.i0 && i <= b.i1 && j >= b.j0 && j <= b.j1) return b;
  }
  return undefined;
}
