import type { Annotation } from '../../shared/api';
import type { AxialBox } from '../../shared/boxes/types';
import { normaliseBox } from '../../shared/editing/box-tools';
import type { Vec3 } from '../../shared/volume/mat3';
import { fail, ok, type Result } from '../../shared/result';
import { api } from '../lib/api';
import { app } from '../lib/app-state.svelte';

const MAX_BOX_UNDO = 500;

/**
 * The case's boxes. Every change is saved at once as a new version (a nurse never presses
 * "save"), in order, each naming the version it replaces; undo/redo restore earlier lists and
 * are saved the same way, so history in the database matches what happened on screen.
 */
export class BoxStore {
  list = $state.raw<AxialBox[]>([]);
  annotationId = $state<number | undefined>(undefined);
  versionId = $state<number | undefined>(undefined);
  saving = $state(false);
  lastError = $state<string | undefined>(undefined);
  private past: AxialBox[][] = [];
  private future: AxialBox[][] = [];
  private chain: Promise<Result<void>> = Promise.resolve(ok(undefined));
  canUndo = $state(false);
  canRedo = $state(false);

  constructor(
    private readonly seriesId: number,
    private readonly dims: Vec3,
  ) {}

  async load(a: Annotation): Promise<Result<void>> {
    const r = await api.call('annotations.boxes', { versionId: a.head.versionId });
    if (!r.ok) return fail(`boxes of case ${this.seriesId}: ${r.error}`);
    this.annotationId = a.annotationId;
    this.versionId = a.head.versionId;
    this.list = r.value.boxes.map((b) => normaliseBox(b, this.dims));
    this.past = [];
    this.future = [];
    this.syncFlags();
    return ok(undefined);
  }

  /** Replaces the list (one undoable step) and saves it. */
  set(next: AxialBox[]): void {
    this.past.push(this.list);
    if (this.past.length > MAX_BOX_UNDO) this.past.shift();
    this.future = [];
    this.apply(next);
  }

  undo(): boolean {
    const prev = this.past.pop();
    if (!prev) return false;
    this.future.push(this.list);
    this.apply(prev);
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(this.list);
    this.apply(next);
    return true;
  }

  /** Resolves once every queued save has finished, with the last save's outcome. */
  flush(): Promise<Result<void>> {
    return this.chain;
  }

  private apply(next: AxialBox[]): void {
    this.list = next;
    this.syncFlags();
    const snapshot = next;
    this.saving = true;
    this.chain = this.chain.then(async () => {
      const r = await this.save(snapshot);
      this.saving = false;
      if (!r.ok) {
        this.lastError = r.error;
        app.notify('error', `Boxes not saved: ${r.error}`);
      } else {
        this.lastError = undefined;
      }
      return r;
    });
  }

  private async save(boxes: AxialBox[]): Promise<Result<void>> {
    const r = await api.call('annotations.saveBoxes', {
      seriesId: this.seriesId,
      ...(this.annotationId !== undefined ? { annotationId: this.annotationId } : { label: 'tumour boxes' }),
      ...(this.versionId !== undefined ? { parentVersionId: this.versionId } : {}),
      author: app.author,
      source: 'manual',
      boxes: boxes.map((b) => ({ ...b })),
    });
    if (!r.ok) return r;
    this.annotationId = r.value.annotation.annotationId;
    this.versionId = r.value.version.versionId;
    return ok(undefined);
  }

  private syncFlags(): void {
    this.canUndo = this.past.length > 0;
    this.canRedo = this.future.length > 0;
  }
}
