import { dirname } from 'node:path';
import type { ImportReport } from '../../../shared/api';
import { CANCELLED, subProgress, type ProgressSink } from '../../../shared/job';
import { fail, ok, type Result } from '../../../shared/result';
import type { BlobStore } from '../../db/blobs';
import type { Db } from '../../db/connection';
import { findSeriesByUid } from '../../db/repos/cases-write';
import type { ImageHeader } from '../../io/dicom/header';
import { groupBySeries, isVolumeImage, scanHeaders } from '../../io/dicom/scan';
import { listFiles } from '../../io/dicom/walk';
import { isNiftiPath } from '../../io/load-ct';
import { commonDir } from '../paths';
import { importDicomSeries } from './dicom-series';
import { importNiftiFile } from './nifti-file';
import { attachSegToExisting } from './seg-existing';
import { SegFiles } from './seg-files';

export interface ImportOptions {
  readonly paths: readonly string[];
  readonly mode: 'copy' | 'reference';
  /** Told of each series as it commits, so the case list can grow while the import runs. */
  readonly onSeriesAdded?: (seriesId: number) => void;
}

/** A mutable report the steps fill in. */
export type ReportBuilder = { -readonly [K in keyof ImportReport]: ImportReport[K] extends readonly (infer E)[] ? E[] : ImportReport[K] };

/**
 * Imports DICOM series, NIfTI CTs and Lung-PET-CT-Dx box XML found under the given paths.
 * Each series is stored in its own transaction (a failure or cancel keeps what was already
 * imported); series already present (same SeriesInstanceUID) are reported, not duplicated;
 * every file not imported is listed with the reason.
 */
export async function importPaths(db: Db, blobs: BlobStore, opts: ImportOptions, progress: ProgressSink, signal: AbortSignal): Promise<Result<ImportReport>> {
  const report: ReportBuilder = { filesScanned: 0, patientsAdded: 0, studiesAdded: 0, seriesAdded: [], duplicates: [], boxesAttached: 0, skipped: [] };
  const niftiFiles: string[] = [];
  const xmlDirs = new Set<string>();
  const scanned: ImageHeader[] = [];
  const scanSink = subProgress(progress, 0, 0.2);
  for (const [n, path] of opts.paths.entries()) {
    const listed = await listFiles(path, signal);
    if (!listed.ok) {
      report.skipped.push({ path, reason: listed.error });
      continue;
    }
    for (const f of listed.value) {
      if (isNiftiPath(f)) niftiFiles.push(f);
      else if (f.toLowerCase().endsWith('.xml')) xmlDirs.add(dirname(f));
    }
    const scan = await scanHeaders(path, {
      signal,
      onFile: (done, total) => scanSink({ stage: 'scan', fraction: (n + done / total) / opts.paths.length, message: `read ${done} of ${total} files in ${path}` }),
    });
    if (signal.aborted) return fail(CANCELLED);
    if (!scan.ok) {
      report.skipped.push({ path, reason: scan.error });
      continue;
    }
    report.filesScanned += listed.value.length;
    scanned.push(...scan.value.headers);
    for (const s of scan.value.skipped) {
      // NIfTI and box XML are read below; they are only "not DICOM" to the DICOM scan.
      if (!isNiftiPath(s.file) && !s.file.toLowerCase().endsWith('.xml')) report.skipped.push({ path: s.file, reason: s.reason });
    }
  }

  let announced = 0;
  const announce = () => {
    for (; announced < report.seriesAdded.length; announced++) opts.onSeriesAdded?.(report.seriesAdded[announced]!.seriesId);
  };
  const groups: ImageHeader[][] = [];
  const segFiles: string[] = [];
  for (const g of groupBySeries(scanned)) {
    if (g[0]!.modality === 'SEG') segFiles.push(...g.map((h) => h.file));
    else groups.push(g);
  }
  const segs = new SegFiles(segFiles);
  const usedXml = new Set<string>();
  const total = groups.length + niftiFiles.length;
  let done = 0;
  for (const group of groups) {
    if (signal.aborted) return fail(CANCELLED);
    const sink = subProgress(progress, 0.2 + (0.8 * done) / total, 0.2 + (0.8 * (done + 1)) / total);
    done++;
    const first = group[0]!;
    const images = group.filter(isVolumeImage);
    const where = commonDir(group.map((h) => h.file));
    if (images.length === 0) {
      const what = first.modality ? `${first.modality} objects` : 'objects without pixel data';
      for (const h of group) report.skipped.push({ path: h.file, reason: `${what} are not images of a CT volume (series ${first.seriesInstanceUid})` });
      continue;
    }
    const existing = findSeriesByUid(db, first.seriesInstanceUid);
    if (existing !== undefined) {
      report.duplicates.push({ seriesUid: first.seriesInstanceUid, seriesId: existing, path: where });
      continue;
    }
    await importDicomSeries(db, blobs, { dir: where, seriesUid: first.seriesInstanceUid, mode: opts.mode, xmlDirs: [...xmlDirs], usedXml, segs }, report, sink, signal);
    announce();
  }
  for (const file of niftiFiles) {
    if (signal.aborted) return fail(CANCELLED);
    const sink = subProgress(progress, 0.2 + (0.8 * done) / total, 0.2 + (0.8 * (done + 1)) / total);
    done++;
    await importNiftiFile(db, blobs, file, opts.mode, report, sink);
    announce();
  }
  for (const file of segs.unused()) {
    if (signal.aborted) return fail(CANCELLED);
    await attachSegToExisting(db, blobs, segs, file, report, signal);
  }
  for (const dir of xmlDirs) {
    if (!usedXml.has(dir)) report.skipped.push({ path: dir, reason: 'no newly imported series has the slices these box files name (file names must be SOPInstanceUIDs)' });
  }
  progress({ stage: 'done', fraction: 1, message: `imported ${report.seriesAdded.length} series` });
  return ok(report);
}
