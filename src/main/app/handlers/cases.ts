import { fail, ok } from '../../../shared/result';
import { valueRange } from '../../../shared/volume/volume';
import type { VolumeMeta } from '../../../shared/api';
import { getCaseDetail, getSeriesRecord, listCases, listPatients } from '../../db/repos/cases-read';
import { removeCase } from '../../db/repos/cases-write';
import { loadCaseVolume, toInt16 } from '../case-volume';
import type { AppCore } from '../core';
import type { HandlerMap } from './types';

type VolumeReply = { meta: VolumeMeta; bytes: Uint8Array };

export function caseHandlers(app: AppCore): HandlerMap<'patients.list' | 'cases.list' | 'cases.get' | 'cases.remove' | 'volume.get'> {
  // The last CT sent, by case and content hash (blobs never change): reopening a case, or the viewer
  // asking again, costs no decompression and no hash check of ~150 MB.
  let last: { hash: string; reply: VolumeReply } | undefined;
  return {
    'patients.list': async () => ok(listPatients(app.db)),
    'cases.list': async (q) => ok(listCases(app.db, q)),
    'cases.get': async ({ seriesId }) => {
      const d = getCaseDetail(app.db, seriesId);
      return d ? ok(d) : fail(`case (series ${seriesId}) does not exist`);
    },
    'cases.remove': async ({ seriesId }) => {
      const removed = removeCase(app.db, seriesId);
      if (removed) app.events.emit({ type: 'cases-changed', seriesIds: [seriesId] });
      return ok({ removed });
    },
    'volume.get': async ({ seriesId }) => {
      const hash = getSeriesRecord(app.db, seriesId)?.volumeHash;
      if (hash && last?.hash === `${seriesId}:${hash}`) return ok(last.reply);
      const r = await loadCaseVolume(app.db, app.blobs, seriesId);
      if (!r.ok) return r;
      const data = toInt16(r.value.volume);
      const { dims, spacing, origin, direction } = r.value.volume;
      const [lo, hi] = valueRange(data);
      const reply: VolumeReply = {
        meta: { seriesId, geometry: { dims: [...dims], spacing: [...spacing], origin: [...origin], direction: [...direction] }, voxelType: 'int16', range: [lo, hi] },
        bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      };
      if (r.value.record.volumeHash) last = { hash: `${seriesId}:${r.value.record.volumeHash}`, reply };
      return ok(reply);
    },
  };
}
