import type { AxialBox } from './types';

/** True when two boxes share at least one (i, j) column, whatever their slices. */
export function boxesOverlapInPlane(a: AxialBox, b: AxialBox): boolean {
  return a.i0 <= b.i1 && b.i0 <= a.i1 && a.j0 <= b.j1 && b.j0 <= a.j1;
}

function find(parent: number[], x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r]!;
  while (parent[x] !== r) {
    const next = parent[x]!;
    parent[x] = r;
    x = next;
  }
  return r;
}

/**
 * Numbers the tumours of a set of axial boxes: two boxes belong to one tumour when they
 * overlap in-plane and lie on slices at most `maxGap` apart (1 = adjacent slices only), and
 * the relation is closed transitively (a lesion boxed on slices 10..20 is one tumour even if
 * its box drifts). Boxes on the same slice are never joined directly: two boxes drawn on one
 * slice are two findings unless a neighbouring slice links them. Tumours are numbered 1..n
 * by their lowest slice, then by position, so the numbering is stable for a given set.
 * Existing `tumor` fields are replaced.
 */
export function groupTumors(boxes: readonly AxialBox[], maxGap = 1): AxialBox[] {
  const order = boxes.map((_, n) => n).sort((a, b) => boxes[a]!.k - boxes[b]!.k);
  const parent = boxes.map((_, n) => n);
  for (let x = 0; x < order.length; x++) {
    const a = boxes[order[x]!]!;
    for (let y = x + 1; y < order.length; y++) {
      const b = boxes[order[y]!]!;
      const gap = b.k - a.k;
      if (gap > maxGap) break;
      if (gap === 0 || !boxesOverlapInPlane(a, b)) continue;
      const ra = find(parent, order[x]!);
      const rb = find(parent, order[y]!);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
  // Order roots by their first box (lowest k, then i0, then j0) for stable numbering.
  const firstOfRoot = new Map<number, AxialBox>();
  for (const n of order) {
    const r = find(parent, n);
    const b = boxes[n]!;
    const cur = firstOfRoot.get(r);
    if (!cur || b.k < cur.k || (b.k === cur.k && (b.i0 < cur.i0 || (b.i0 === cur.i0 && b.j0 < cur.j0)))) firstOfRoot.set(r, b);
  }
  const roots = [...firstOfRoot.entries()].sort(([, a], [, b]) => a.k - b.k || a.i0 - b.i0 || a.j0 - b.j0);
  const number = new Map(roots.map(([r], idx) => [r, idx + 1]));
  return boxes.map((b, n) => ({ ...b, tumor: number.get(find(parent, n))! }));
}

/** Boxes sorted by slice, then tumour, then position: the order files and tables show them. */
export function sortBoxes(boxes: readonly AxialBox[]): AxialBox[] {
  return [...boxes].sort((a, b) => a.k - b.k || a.tumor - b.tumor || a.i0 - b.i0 || a.j0 - b.j0);
}
