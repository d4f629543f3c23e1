import { applyEdit, editBytes, isEmptyEdit, type MaskEdit } from './mask-edit';
import type { Mask } from '../volume/volume';

/**
 * Undo/redo for mask edits with a memory budget: when the stored diffs exceed `maxBytes`
 * the oldest edits are forgotten (they are already applied, so nothing on screen changes;
 * only how far back undo reaches). A new edit clears the redo branch, as every editor does.
 */
export class UndoRing {
  private readonly done: MaskEdit[] = [];
  private readonly undone: MaskEdit[] = [];
  private bytes = 0;

  constructor(readonly maxBytes: number = 64 * 1024 * 1024) {
    if (!(maxBytes > 0)) throw new Error('UndoRing: maxBytes must be positive');
  }

  /** Records an edit that was already applied to the mask. Empty edits are ignored. */
  push(e: MaskEdit): void {
    if (isEmptyEdit(e)) return;
    for (const r of this.undone) this.bytes -= editBytes(r);
    this.undone.length = 0;
    this.done.push(e);
    this.bytes += editBytes(e);
    // Keep the newest edit even when it alone exceeds the budget: undoing the last action must work.
    while (this.bytes > this.maxBytes && this.done.length > 1) {
      this.bytes -= editBytes(this.done.shift()!);
    }
  }

  undo(mask: Mask): MaskEdit | undefined {
    const e = this.done.pop();
    if (!e) return undefined;
    applyEdit(mask, e, 'undo');
    this.undone.push(e);
    return e;
  }

  redo(mask: Mask): MaskEdit | undefined {
    const e = this.undone.pop();
    if (!e) return undefined;
    applyEdit(mask, e, 'redo');
    this.done.push(e);
    return e;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Label of the action undo would revert, for a menu entry like "Undo brush". */
  get nextUndoLabel(): string | undefined {
    return this.done.at(-1)?.label;
  }

  get nextRedoLabel(): string | undefined {
    return this.undone.at(-1)?.label;
  }

  get depth(): number {
    return this.done.length;
  }

  get storedBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
    this.bytes = 0;
  }
}
