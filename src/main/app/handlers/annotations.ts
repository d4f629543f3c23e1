import { checkBoxesFit } from '../../../shared/boxes/map-grid';
import { fail, ok, type Result } from '../../../shared/result';
import { voxelCount, type Geometry } from '../../../shared/volume/geometry';
import { getVersion, listAnnotations, listVersions } from '../../db/repos/annotation-rows';
import { addVersion, restoreVersion, reviewVersion, versionContent, type SavedVersion } from '../../db/repos/annotations';
import { getSeriesRecord } from '../../db/repos/cases-read';
import { boxesContentHash } from '../boxes-hash';
import type { AppCore } from '../core';
import type { HandlerMap } from './types';

type M = 'annotations.list' | 'annotations.history' | 'annotations.boxes' | 'annotations.saveBoxes' | 'annotations.mask' | 'annotations.saveMask' | 'annotations.review' | 'annotations.restore';

const plainGeometry = (g: Geometry) => ({ dims: [...g.dims] as [number, number, number], spacing: [...g.spacing] as [number, number, number], origin: [...g.origin] as [number, number, number], direction: [...g.direction] as [number, number, number, number, number, number, number, number, number] });

function nonZero(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) n++;
  return n;
}

export function annotationHandlers(app: AppCore): HandlerMap<M> {
  const changed = (r: Result<SavedVersion>): Result<SavedVersion> => {
    if (r.ok) app.events.emit({ type: 'annotations-changed', seriesId: r.value.annotation.seriesId, annotationId: r.value.annotation.annotationId });
    return r;
  };
  const handlers: HandlerMap<M> = {
    'annotations.list': async ({ seriesId }) => ok(listAnnotations(app.db, seriesId)),
    'annotations.history': async ({ annotationId }) => {
      const v = listVersions(app.db, annotationId);
      return v.length ? ok(v) : fail(`annotation ${annotationId} does not exist`);
    },
    'annotations.boxes': async ({ versionId }) => {
      const c = versionContent(app.db, versionId);
      if (!c.ok) return c;
      if (c.value.content.kind !== 'boxes') return fail(`annotation version ${versionId} is a mask, not boxes`);
      const rec = getSeriesRecord(app.db, c.value.seriesId)!;
      return ok({ version: getVersion(app.db, versionId)!, grid: plainGeometry(rec.geometry), boxes: c.value.content.boxes.map((b) => ({ ...b })) });
    },
    'annotations.saveBoxes': async (input) => {
      const rec = getSeriesRecord(app.db, input.seriesId);
      if (!rec) return fail(`case (series ${input.seriesId}) does not exist`);
      const fits = checkBoxesFit(input.boxes, rec.geometry.dims);
      if (!fits.ok) return fail(`boxes do not fit the case grid ${rec.geometry.dims.join('x')}: ${fits.error}`);
      const { boxes, ...header } = input;
      return changed(addVersion(app.db, header, { kind: 'boxes', boxes, contentHash: boxesContentHash(boxes) }));
    },
    'annotations.mask': async ({ versionId }) => {
      const c = versionContent(app.db, versionId);
      if (!c.ok) return c;
      if (c.value.content.kind !== 'mask') return fail(`annotation version ${versionId} holds boxes, not a mask`);
      const bytes = await app.blobs.get(c.value.content.maskHash);
      if (!bytes.ok) return bytes;
      const rec = getSeriesRecord(app.db, c.value.seriesId)!;
      return ok({ meta: { version: getVersion(app.db, versionId)!, geometry: plainGeometry(rec.geometry), voxelType: 'uint8' as const }, bytes: bytes.value });
    },
    'annotations.saveMask': async ({ meta, bytes }) => {
      const rec = getSeriesRecord(app.db, meta.seriesId);
      if (!rec) return fail(`case (series ${meta.seriesId}) does not exist`);
      const need = voxelCount(rec.geometry);
      if (bytes.length !== need) {
        return fail(`the mask has ${bytes.length} voxels but the case grid ${rec.geometry.dims.join('x')} has ${need}`);
      }
      const blob = await app.blobs.put(bytes);
      return changed(addVersion(app.db, meta, { kind: 'mask', maskHash: blob.hash, voxelCount: nonZero(bytes) }));
    },
    'annotations.review': async ({ versionId, accepted, author }) => {
      const r = reviewVersion(app.db, versionId, accepted, author);
      if (r.ok) {
        const c = versionContent(app.db, versionId);
        if (c.ok) app.events.emit({ type: 'annotations-changed', seriesId: c.value.seriesId, annotationId: c.value.annotationId });
      }
      return r;
    },
    'annotations.restore': async ({ versionId, author }) => changed(restoreVersion(app.db, versionId, author)),
  };
  return handlers;
}
