import { sha256, type BlobStore } from '../../db/blobs';
import type { Db } from '../../db/connection';
import { addVersion } from '../../db/repos/annotations';
import { getSeriesRecord } from '../../db/repos/cases-read';
import { findSeriesByUid } from '../../db/repos/cases-write';
import { loadCtSeries } from '../../io/dicom/load-series';
import { toCaseGrid } from '../case-grid';
import { commonDir } from '../paths';
import type { ReportBuilder } from './import-folder';
import type { SegFiles } from './seg-files';
import { nonZero } from './store-case';

/**
 * A SEG whose CT was imported before (or is a duplicate in this import): the CT is re-read
 * from its original DICOM files to place the SEG, and the mask is added to that case unless
 * the same mask is already there.
 */
export async function attachSegToExisting(db: Db, blobs: BlobStore, segs: SegFiles, file: string, report: ReportBuilder, signal: AbortSignal): Promise<void> {
  const refs = segs.referencedSeries(file);
  const seriesId = refs.map((uid) => findSeriesByUid(db, uid)).find((id) => id !== undefined);
  if (seriesId === undefined) {
    const why = refs.length ? `it segments series ${refs.join(', ')}, which is not in the database: import that CT with it` : 'it names no referenced series, so it cannot be matched to a CT';
    report.skipped.push({ path: file, reason: why });
    segs.markUsed(file);
    return;
  }
  const rec = getSeriesRecord(db, seriesId)!;
  if (rec.sourceFormat !== 'dicom') {
    report.skipped.push({ path: file, reason: `series ${rec.seriesUid} came from NIfTI; a SEG needs its DICOM slices` });
    segs.markUsed(file);
    return;
  }
  const ct = await loadCtSeries(commonDir(rec.sourcePaths), { seriesUid: rec.seriesUid, signal });
  if (!ct.ok) {
    report.skipped.push({ path: file, reason: `the CT it segments cannot be re-read from its original files: ${ct.error}` });
    segs.markUsed(file);
    return;
  }
  const grid = toCaseGrid({ volume: ct.value.volume, source: 'dicom', dicom: ct.value, warnings: [] });
  for (const m of segs.masksFor(ct.value, grid, report.skipped)) {
    const hash = sha256(m.bytes);
    const known = db
      .prepare('SELECT 1 FROM annotation_versions v JOIN annotations a ON a.id = v.annotation_id WHERE a.series_id = ? AND v.content_hash = ?')
      .get(seriesId, hash);
    if (known) {
      report.skipped.push({ path: file, reason: `this mask is already on case ${seriesId}` });
      continue;
    }
    const blob = await blobs.put(m.bytes);
    const saved = addVersion(db, { seriesId, label: m.label, author: 'import', source: 'imported', note: m.note }, { kind: 'mask', maskHash: blob.hash, voxelCount: nonZero(m.bytes) });
    if (!saved.ok) report.skipped.push({ path: file, reason: saved.error });
    else report.masksAttached = (report.masksAttached ?? 0) + 1;
  }
}
