import { describe, expect, it } from 'vitest';
import { EDGE_DEFAULTS, refineEdgeOnCt } from '../../../src/main/preprocess/lung-mask/edge-on-ct';

// A slab chest on a 1 mm grid: along i, lung (-850 HU) up to i = 7, a partial-volume voxel at
// i = 8 that is mostly lung (-650), one at i = 9 that is mostly wall (-250), then wall (40).
// The edge belongs between i = 8 and i = 9, whatever the work grid put it.
const DIMS = [16, 6, 6] as const;
const SPACING = [1, 1, 1] as const;
const N = DIMS[0] * DIMS[1] * DIMS[2];
const huAt = (i: number) => (i <= 7 ? -850 : i === 8 ? -650 : i === 9 ? -250 : 40);
const index = (i: number, j: number, k: number) => i + DIMS[0] * (j + DIMS[1] * k);

function slab(): Float32Array {
  const ct = new Float32Array(N);
  for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++) ct[index(i, j, k)] = huAt(i);
  return ct;
}

function labelsUpTo(last: number, label = 1): Uint8Array {
  const labels = new Uint8Array(N);
  for (let k = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i <= last; i++) labels[index(i, j, k)] = label;
  return labels;
}

/** The last labelled i on row (j, k), -1 when none. */
function edgeOf(labels: Uint8Array, j = 2, k = 2): number {
  let last = -1;
  for (let i = 0; i < DIMS[0]; i++) if (labels[index(i, j, k)] !== 0) last = i;
  return last;
}

describe('refineEdgeOnCt', () => {
  it('grows a lung that stops short into the voxels that are mostly air, and no further', () => {
    const labels = labelsUpTo(6);
    const change = refineEdgeOnCt(slab(), labels, DIMS, SPACING, null);
    expect(edgeOf(labels)).toBe(8);
    expect(change.added).toBe(2 * DIMS[1] * DIMS[2]);
    expect(change.trimmed).toBe(0);
  });

  it('trims a lung that takes in the partial-volume voxel that is mostly wall, and keeps the wall it holds', () => {
    const labels = labelsUpTo(9);
    const trimmedToEight = refineEdgeOnCt(slab(), labels, DIMS, SPACING, null);
    expect(edgeOf(labels)).toBe(8);
    expect(trimmedToEight.trimmed).toBe(DIMS[1] * DIMS[2]);
    // Dense wall inside the mask is never dropped: it may be a tumour on the wall.
    const overshoot = labelsUpTo(11);
    refineEdgeOnCt(slab(), overshoot, DIMS, SPACING, null);
    expect(edgeOf(overshoot)).toBe(11);
  });

  it('keeps the partial-volume rim of dense tissue the lung holds (a small tumour on the wall)', () => {
    const ct = slab();
    const labels = labelsUpTo(9);
    // A tumour voxel inside the lung next to row (2, 2)'s rim voxel at i = 9.
    ct[index(8, 2, 2)] = 40;
    // And of a faint one: behind row (3, 3)'s rim voxel lies more of it, between lung and tissue.
    ct[index(8, 3, 3)] = -520;
    // And a rim voxel with clear lung behind it but tissue the lung holds beside it (row (1, 4) ends in it).
    ct[index(9, 1, 4)] = 40;
    refineEdgeOnCt(ct, labels, DIMS, SPACING, null);
    expect(edgeOf(labels, 2, 2)).toBe(9);
    expect(edgeOf(labels, 3, 3)).toBe(9);
    expect(edgeOf(labels, 2, 4)).toBe(9);
    expect(edgeOf(labels, 3, 4)).toBe(8);
    expect(edgeOf(labels, 4, 4)).toBe(8);
  });

  it('moves the edge at most reachMm along each axis', () => {
    const ct = new Float32Array(N).fill(-850);
    const labels = labelsUpTo(3);
    refineEdgeOnCt(ct, labels, DIMS, SPACING, null, { ...EDGE_DEFAULTS, reachMm: 2 });
    expect(edgeOf(labels)).toBe(5);
    const fine = labelsUpTo(3);
    refineEdgeOnCt(ct, fine, DIMS, [0.5, 1, 1], null, { ...EDGE_DEFAULTS, reachMm: 2 });
    expect(edgeOf(fine)).toBe(7);
  });

  it('grows nothing where growable is 0 (airways, outside the body)', () => {
    const labels = labelsUpTo(6);
    const growable = new Uint8Array(N).fill(1);
    for (let k = 0; k < DIMS[2]; k++) for (let i = 0; i < DIMS[0]; i++) growable[index(i, 2, k)] = 0;
    refineEdgeOnCt(slab(), labels, DIMS, SPACING, (q) => growable[q] === 1);
    expect(edgeOf(labels, 2, 2)).toBe(6);
    expect(edgeOf(labels, 4, 2)).toBe(8);
  });

  it('gives the same edge whichever way the axis runs, ties going to the lower label', () => {
    // Right (1) and left (2) lung face each other across 3 voxels of air that both may claim;
    // the file's i axis runs either way, the labels stay in patient terms.
    const ct = new Float32Array(N).fill(-850);
    const labels = new Uint8Array(N);
    const flipped = new Uint8Array(N);
    for (let k = 0; k < DIMS[2]; k++) {
      for (let j = 0; j < DIMS[1]; j++) {
        for (let i = 0; i < DIMS[0]; i++) {
          const label = i <= 5 ? 1 : i >= 9 ? 2 : 0;
          labels[index(i, j, k)] = label;
          flipped[index(DIMS[0] - 1 - i, j, k)] = label;
        }
      }
    }
    refineEdgeOnCt(ct, labels, DIMS, SPACING, null);
    refineEdgeOnCt(ct, flipped, DIMS, SPACING, null);
    const row = (l: Uint8Array, flip: boolean) => Array.from({ length: DIMS[0] }, (_, i) => l[index(flip ? DIMS[0] - 1 - i : i, 2, 2)]);
    expect(row(labels, false)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(row(flipped, true)).toEqual(row(labels, false));
  });
});
