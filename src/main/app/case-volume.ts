import { fail, ok, type Result } from '../../shared/result';
import { sameGeometry, voxelCount, type Geometry } from '../../shared/volume/geometry';
import { createVolume, type Volume, type VoxelData } from '../../shared/volume/volume';
import type { BlobStore } from '../db/blobs';
import type { Db } from '../db/connection';
import { getSeriesRecord, type SeriesRecord } from '../db/repos/cases-read';
import { loadCt } from '../io/load-ct';
import { toCaseGrid } from './case-grid';
import { commonDir } from './paths';

function typed(bytes: Uint8Array, type: string): Result<VoxelData> {
  const copy = (n: number) => (bytes.byteOffset % n === 0 ? bytes : bytes.slice());
  if (type === 'int16') {
    const b = copy(2);
    return ok(new Int16Array(b.buffer, b.byteOffset, b.byteLength / 2));
  }
  if (type === 'float32') {
    const b = copy(4);
    return ok(new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4));
  }
  if (type === 'uint8') return ok(bytes);
  return fail(`stored voxel type ${type} is not supported`);
}

/**
 * A case's CT on its case grid: from the data folder's blob (imported) or re-read from the
 * original files (referenced), which must still describe the grid recorded at import.
 */
export async function loadCaseVolume(db: Db, blobs: BlobStore, seriesId: number): Promise<Result<{ record: SeriesRecord; volume: Volume }>> {
  const record = getSeriesRecord(db, seriesId);
  if (!record) return fail(`case (series ${seriesId}) does not exist`);
  if (record.storage === 'imported') {
    const bytes = await blobs.get(record.volumeHash!);
    if (!bytes.ok) return bytes;
    const data = typed(bytes.value, record.voxelType);
    if (!data.ok) return data;
    const v = createVolume(record.geometry, data.value);
    return v.ok ? ok({ record, volume: v.value }) : fail(`stored CT of series ${seriesId} does not fit its grid: ${v.error}`);
  }
  const source = record.sourceFormat === 'nifti' ? record.sourcePaths[0]! : commonDir(record.sourcePaths);
  const loaded = await loadCt(source, record.sourceFormat === 'dicom' ? { seriesUid: record.seriesUid } : {});
  if (!loaded.ok) return fail(`the original files of this case cannot be read any more (${loaded.error})`);
  const grid = toCaseGrid(loaded.value);
  if (!sameGeometry(grid.volume, record.geometry as Geometry)) {
    return fail(`the original files under ${source} changed since the import (the image grid differs); import them again`);
  }
  return ok({ record, volume: grid.volume });
}

/** HU as Int16 for the viewer: float CTs (non-integral rescale) are rounded and clamped. */
export function toInt16(v: Volume): Int16Array {
  if (v.data instanceof Int16Array) return v.data;
  const out = new Int16Array(voxelCount(v));
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(v.data[i]!)));
  return out;
}
