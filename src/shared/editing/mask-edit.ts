import type { Mask } from '../volume/volume';

/**
 * One undoable change to a mask: the voxels it touched, with their values before and after.
 * Storing only touched voxels keeps a brush stroke on a 512x512x300 mask at a few kilobytes
 * instead of the 78 MB a whole-volume snapshot would cost.
 */
export interface MaskEdit {
  readonly label: string;
  /** Linear voxel indices, each at most once, ascending. */
  readonly indices: Uint32Array;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
}

/** Bytes an edit holds (what the undo ring budgets). */
export function editBytes(e: MaskEdit): number {
  return e.indices.byteLength + e.before.byteLength + e.after.byteLength;
}

export function isEmptyEdit(e: MaskEdit): boolean {
  return e.indices.length === 0;
}

/**
 * Collects changes while a tool writes into the mask, keeping each voxel's first "before" so a
 * stroke that passes the same voxel twice still undoes to the original value.
 */
export class EditRecorder {
  private readonly before = new Map<number, number>();

  constructor(
    private readonly mask: Mask,
    private readonly label: string,
  ) {}

  /** Writes `value` at linear index `idx`, remembering the old value; returns whether it changed. */
  set(idx: number, value: number): boolean {
    const data = this.mask.data;
    const old = data[idx]!;
    if (old === value) return false;
    if (!this.before.has(idx)) this.before.set(idx, old);
    data[idx] = value;
    return true;
  }

  get size(): number {
    return this.before.size;
  }

  /** The edit so far; voxels written back to their original value drop out. */
  finish(): MaskEdit {
    const keys = [...this.before.keys()].sort((a, b) => a - b);
    const data = this.mask.data;
    const kept = keys.filter((k) => data[k] !== this.before.get(k));
    const indices = Uint32Array.from(kept);
    const before = new Uint8Array(kept.length);
    const after = new Uint8Array(kept.length);
    kept.forEach((k, n) => {
      before[n] = this.before.get(k)!;
      after[n] = data[k]!;
    });
    return { label: this.label, indices, before, after };
  }
}

/** Puts the mask back to the edit's "before" state ('undo') or forward to its "after" ('redo'). */
export function applyEdit(mask: Mask, e: MaskEdit, direction: 'undo' | 'redo'): void {
  const values = direction === 'undo' ? e.before : e.after;
  const data = mask.data;
  for (let n = 0; n < e.indices.length; n++) data[e.indices[n]!] = values[n]!;
}

/** The axial slices an edit touched, so a viewer redraws (and a saver re-sends) only those. */
export function editedSlices(mask: Pick<Mask, 'dims'>, e: MaskEdit): number[] {
  const perSlice = mask.dims[0] * mask.dims[1];
  const out = new Set<number>();
  for (let n = 0; n < e.indices.length; n++) out.add(Math.floor(e.indices[n]! / perSlice));
  return [...out].sort((a, b) => a - b);
}
