import type { AxialBox } from '../../shared/boxes/types';
import { sha256 } from '../db/blobs';

/** Box order carries no meaning; the hash is of a canonical, sorted form so equal sets hash equal. */
export function canonicalBoxes(boxes: readonly AxialBox[]): AxialBox[] {
  return boxes
    .map((b) => ({ k: b.k, i0: b.i0, j0: b.j0, i1: b.i1, j1: b.j1, label: b.label, tumor: b.tumor, ...(b.sopInstanceUid ? { sopInstanceUid: b.sopInstanceUid } : {}) }))
    .sort((a, b) => a.k - b.k || a.tumor - b.tumor || a.i0 - b.i0 || a.j0 - b.j0 || a.i1 - b.i1 || a.j1 - b.j1 || a.label.localeCompare(b.label));
}

export function boxesContentHash(boxes: readonly AxialBox[]): string {
  return sha256(Buffer.from(JSON.stringify(canonicalBoxes(boxes)), 'utf8'));
}
