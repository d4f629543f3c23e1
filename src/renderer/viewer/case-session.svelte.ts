import {
  maskFromMessage, volumeBytes, volumeFromMessage, type Annotation, type AnnotationVersion, type CaseDetail,
} from '../../shared/api';
import type { AxialBox } from '../../shared/boxes/types';
import { UndoRing, type MaskEdit } from '../../shared/editing';
import { fail, ok, type Result } from '../../shared/result';
import { emptyLike, type Mask, type Volume } from '../../shared/volume/volume';
import { api } from '../lib/api';
import { app } from '../lib/app-state.svelte';
import { BoxStore } from './box-store.svelte';
import { recordOpenPhase } from './frame-stats';

/** The mask being edited: which annotation/version it came from and whether it changed since. */
export interface WorkingMask {
  readonly mask: Mask;
  /** undefined: a new mask not saved yet. */
  readonly annotationId: number | undefined;
  readonly version: AnnotationVersion | undefined;
}

/**
 * One open case: the CT, its annotations, the boxes and the mask being edited. Boxes save as
 * they are drawn; mask edits stay local (with undo) until saved, and every save is a new
 * annotation version whose parent is the version it was edited from.
 */
export class CaseSession {
  readonly detail: CaseDetail;
  readonly ct: Volume<Int16Array>;
  readonly range: readonly [number, number];
  annotations = $state.raw<Annotation[]>([]);
  working = $state.raw<WorkingMask | undefined>(undefined);
  compare = $state.raw<{ mask: Mask; label: string } | undefined>(undefined);
  /** Bumped on every mask change so views redraw (the voxel array itself is not reactive). */
  maskRev = $state(0);
  dirty = $state(false);
  readonly undo = new UndoRing(128 * 1024 * 1024);
  readonly boxes: BoxStore;

  private constructor(detail: CaseDetail, ct: Volume<Int16Array>, range: readonly [number, number]) {
    this.detail = detail;
    this.ct = ct;
    this.range = range;
    this.boxes = new BoxStore(detail.summary.seriesId, ct.dims);
  }

  /** Fetches what the first image needs (the case and its CT); annotations follow in `loadAnnotations`. */
  static async open(seriesId: number): Promise<Result<CaseSession>> {
    const t0 = performance.now();
    const [detail, vol] = await Promise.all([api.call('cases.get', { seriesId }), api.call('volume.get', { seriesId })]);
    const t1 = performance.now();
    if (!detail.ok) return detail;
    if (!vol.ok) return vol;
    const ct = volumeFromMessage(vol.value);
    if (!ct.ok) return fail(`case ${seriesId}: ${ct.error}`);
    recordOpenPhase('fetch', t1 - t0);
    recordOpenPhase('decode', performance.now() - t1);
    return ok(new CaseSession(detail.value, ct.value, vol.value.meta.range));
  }

  /** The case's annotations and its boxes (the first box annotation). */
  async loadAnnotations(): Promise<Result<void>> {
    const listed = await this.reloadAnnotations();
    if (!listed.ok) return listed;
    const boxAnn = this.annotations.find((a) => a.kind === 'boxes');
    return boxAnn ? this.boxes.load(boxAnn) : ok(undefined);
  }

  get seriesId(): number {
    return this.detail.summary.seriesId;
  }

  get maskAnnotations(): Annotation[] {
    return this.annotations.filter((a) => a.kind === 'mask');
  }

  async reloadAnnotations(): Promise<Result<Annotation[]>> {
    const r = await api.call('annotations.list', { seriesId: this.seriesId });
    if (r.ok) this.annotations = r.value;
    return r;
  }

  private async fetchMask(versionId: number): Promise<Result<{ mask: Mask; version: AnnotationVersion }>> {
    const r = await api.call('annotations.mask', { versionId });
    if (!r.ok) return r;
    const m = maskFromMessage(r.value);
    if (!m.ok) return m;
    if (m.value.dims.some((d, n) => d !== this.ct.dims[n])) return fail(`mask version ${versionId} does not lie on this case's grid`);
    // Own copy: edits must never write into a buffer the transport may reuse.
    return ok({ mask: { ...m.value, data: m.value.data.slice() }, version: r.value.meta.version });
  }

  /** Makes a stored mask version the one being edited (undo history starts afresh). */
  async editVersion(versionId: number): Promise<Result<void>> {
    const r = await this.fetchMask(versionId);
    if (!r.ok) return r;
    this.working = { mask: r.value.mask, annotationId: r.value.version.annotationId, version: r.value.version };
    this.undo.clear();
    this.dirty = false;
    this.maskRev++;
    return ok(undefined);
  }

  async showCompare(versionId: number, label: string): Promise<Result<void>> {
    const r = await this.fetchMask(versionId);
    if (!r.ok) return r;
    this.compare = { mask: r.value.mask, label };
    this.maskRev++;
    return ok(undefined);
  }

  hideCompare(): void {
    this.compare = undefined;
    this.maskRev++;
  }

  /** An empty mask to draw from scratch; it becomes a new annotation on first save. */
  newMask(): void {
    this.working = { mask: emptyLike<Uint8Array>(this.ct), annotationId: undefined, version: undefined };
    this.undo.clear();
    this.dirty = false;
    this.maskRev++;
  }

  /** Records an edit already applied to the working mask. */
  edited(e: MaskEdit): void {
    if (e.indices.length === 0) return;
    this.undo.push(e);
    this.dirty = true;
    this.maskRev++;
  }

  /** Reactive through maskRev: the ring itself is plain data. */
  get canUndoMask(): boolean {
    void this.maskRev;
    return this.undo.canUndo;
  }

  get canRedoMask(): boolean {
    void this.maskRev;
    return this.undo.canRedo;
  }

  undoMask(): MaskEdit | undefined {
    const w = this.working;
    const e = w ? this.undo.undo(w.mask) : undefined;
    if (e) { this.dirty = true; this.maskRev++; }
    return e;
  }

  redoMask(): MaskEdit | undefined {
    const w = this.working;
    const e = w ? this.undo.redo(w.mask) : undefined;
    if (e) { this.dirty = true; this.maskRev++; }
    return e;
  }

  /** Saves the working mask as a new version (source manual: a person edited it). */
  async saveMask(note = ''): Promise<Result<AnnotationVersion>> {
    const w = this.working;
    if (!w) return fail('there is no mask to save');
    const r = await api.call('annotations.saveMask', {
      meta: {
        seriesId: this.seriesId,
        ...(w.annotationId !== undefined ? { annotationId: w.annotationId } : { label: 'tumour' }),
        ...(w.version ? { parentVersionId: w.version.versionId } : {}),
        author: app.author,
        source: 'manual',
        note,
      },
      bytes: volumeBytes(w.mask),
    });
    if (!r.ok) return r;
    this.working = { mask: w.mask, annotationId: r.value.annotation.annotationId, version: r.value.version };
    this.dirty = false;
    await this.reloadAnnotations();
    return ok(r.value.version);
  }

  /** Accepts (true) or rejects (false) the working mask as a whole; unsaved edits are saved first. */
  async review(accepted: boolean): Promise<Result<AnnotationVersion>> {
    if (this.dirty || !this.working?.version) {
      const saved = await this.saveMask(accepted ? 'edited before acceptance' : '');
      if (!saved.ok) return saved;
    }
    const v = this.working!.version!;
    const r = await api.call('annotations.review', { versionId: v.versionId, accepted, author: app.author });
    if (!r.ok) return r;
    this.working = { ...this.working!, version: r.value };
    await this.reloadAnnotations();
    return r;
  }

  /** Picks the newest mask head of a given source (e.g. the teacher's preview after its job). */
  newestMaskHead(source?: string): AnnotationVersion | undefined {
    return this.maskAnnotations
      .map((a) => a.head)
      .filter((h) => !source || h.source === source)
      .sort((a, b) => b.versionId - a.versionId)[0];
  }

  /** The boxes as the teacher should see them: saved first, so the job reads what is on screen. */
  async savedBoxesVersion(): Promise<Result<number>> {
    const flushed = await this.boxes.flush();
    if (!flushed.ok) return flushed;
    const v = this.boxes.versionId;
    return v === undefined ? fail('draw at least one box first') : ok(v);
  }

  boxesOnSlice(k: number): AxialBox[] {
    return this.boxes.list.filter((b) => b.k === k);
  }
}
