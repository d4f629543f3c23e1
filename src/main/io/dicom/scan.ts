import { dirname } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';
import { readDicomdir } from './dicomdir';
import { readImageHeader, type ImageHeader } from './header';
import { readDicomHeader } from './parse-file';
import type { DicomScan, DicomSeriesInfo } from './types';
import { isDicomdirName, listFiles } from './walk';

export interface ScanOptions {
  readonly signal?: AbortSignal;
  /** Called after each file with the count done and the total. */
  readonly onFile?: (done: number, total: number) => void;
}

/** The headers found under a path, before grouping: what the loader works from. */
export interface HeaderScan {
  readonly headers: ImageHeader[];
  readonly skipped: { file: string; reason: string }[];
  readonly warnings: string[];
}

/** Modalities whose objects annotate images rather than being images of a volume. */
const NON_VOLUME_MODALITIES = new Set(['SEG', 'RTSTRUCT', 'RTPLAN', 'RTRECORD', 'SR', 'PR', 'KO', 'REG', 'DOC', 'RTDOSE']);

/** True for objects that hold slices of an image volume (CT, MR, PT, or no modality at all). */
export function isVolumeImage(h: ImageHeader): boolean {
  return h.hasPixelData && h.pixel !== undefined && h.frames.length > 0 && !NON_VOLUME_MODALITIES.has(h.modality);
}

async function filesToScan(path: string, signal?: AbortSignal): Promise<Result<{ files: string[]; warnings: string[] }>> {
  const listed = await listFiles(path, signal);
  if (!listed.ok) return listed;
  const dicomdir = listed.value.find((f) => isDicomdirName(f) && dirname(f) === path);
  if (!dicomdir) return ok({ files: listed.value, warnings: [] });
  const dir = readDicomdir(dicomdir);
  if (!dir.ok) return ok({ files: listed.value.filter((f) => f !== dicomdir), warnings: [`${dir.error}; the folder was searched instead`] });
  const { files, missing } = dir.value;
  // A stale DICOMDIR (files moved or deleted, or new files added) must not hide images: walk the folder then.
  const listedCount = listed.value.length - 1;
  if (missing.length > 0 || files.length === 0) {
    return ok({
      files: listed.value.filter((f) => f !== dicomdir),
      warnings: [`DICOMDIR ${dicomdir} is stale (${missing.length} of ${missing.length + files.length} referenced files are missing, e.g. ${missing[0] ?? 'none'}); the folder was searched instead`],
    });
  }
  const unreferenced = listedCount - files.length;
  const warnings = unreferenced > 0 ? [`DICOMDIR ${dicomdir} lists ${files.length} files; ${unreferenced} other files in the folder were not read`] : [];
  return ok({ files, warnings });
}

/** Reads the headers of every DICOM file under a folder tree (or of one file). */
export async function scanHeaders(path: string, opts: ScanOptions = {}): Promise<Result<HeaderScan>> {
  const listed = await filesToScan(path, opts.signal);
  if (!listed.ok) return listed;
  const headers: ImageHeader[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const { files } = listed.value;
  for (let i = 0; i < files.length; i++) {
    if (opts.signal?.aborted) return fail('cancelled');
    // Yield now and then so that a cancel or a progress message can get through.
    if (i % 64 === 63) await new Promise((r) => setImmediate(r));
    const file = files[i]!;
    const parsed = readDicomHeader(file);
    const header = parsed.ok ? readImageHeader(parsed.value) : parsed;
    if (header.ok) headers.push(header.value);
    else skipped.push({ file, reason: header.error.startsWith(`${file}: `) ? header.error.slice(file.length + 2) : header.error });
    opts.onFile?.(i + 1, files.length);
  }
  return ok({ headers, skipped, warnings: listed.value.warnings });
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Summarises the objects of one series (all share a SeriesInstanceUID). */
export function seriesInfo(headers: readonly ImageHeader[]): DicomSeriesInfo {
  const first = headers[0];
  if (!first) throw new Error('seriesInfo: empty series');
  const images = headers.filter(isVolumeImage);
  const warnings: string[] = [];
  const sizes = unique(images.map((h) => `${h.pixel!.columns}x${h.pixel!.rows}`));
  if (sizes.length > 1) warnings.push(`images of different sizes in one series: ${sizes.join(', ')}`);
  const modalities = unique(headers.map((h) => h.modality));
  if (modalities.length > 1) warnings.push(`several modalities in one series: ${modalities.map((m) => m || '(none)').join(', ')}`);
  if (images.length > 0 && first.modality === '') warnings.push('the files carry no Modality (0008,0060)');
  if (first.seriesInstanceUid.startsWith('(no series UID)')) warnings.push('the files carry no SeriesInstanceUID: the files of this folder were taken as one series');
  const ref = images[0] ?? first;
  return {
    patientId: first.patientId,
    patientName: first.patientName,
    studyInstanceUid: first.studyInstanceUid,
    studyDate: first.studyDate,
    studyDescription: first.studyDescription,
    seriesInstanceUid: first.seriesInstanceUid,
    ...(first.seriesNumber !== undefined ? { seriesNumber: first.seriesNumber } : {}),
    seriesDescription: first.seriesDescription,
    modality: first.modality,
    ...(first.frameOfReferenceUid ? { frameOfReferenceUid: first.frameOfReferenceUid } : {}),
    rows: ref.pixel?.rows ?? 0,
    columns: ref.pixel?.columns ?? 0,
    slices: images.reduce((n, h) => n + h.frames.length, 0),
    transferSyntaxes: unique(headers.map((h) => h.transferSyntax)),
    files: headers.map((h) => h.file),
    warnings,
  };
}

/** Groups headers by SeriesInstanceUID, in series-number order. */
export function groupBySeries(headers: readonly ImageHeader[]): ImageHeader[][] {
  const groups = new Map<string, ImageHeader[]>();
  for (const h of headers) {
    const g = groups.get(h.seriesInstanceUid);
    if (g) g.push(h);
    else groups.set(h.seriesInstanceUid, [h]);
  }
  return [...groups.values()].sort((a, b) => {
    const na = a[0]!.seriesNumber ?? Infinity;
    const nb = b[0]!.seriesNumber ?? Infinity;
    return na !== nb ? na - nb : a[0]!.seriesInstanceUid.localeCompare(b[0]!.seriesInstanceUid);
  });
}

/**
 * Walks a folder tree (or reads one file), reading headers only, and lists the series found.
 * Files that are not DICOM, or cannot be parsed, are listed in `skipped` with the reason.
 */
export async function scanDicom(path: string, opts: ScanOptions = {}): Promise<Result<DicomScan>> {
  const scan = await scanHeaders(path, opts);
  if (!scan.ok) return scan;
  const { headers, skipped, warnings } = scan.value;
  return ok({ series: groupBySeries(headers).map(seriesInfo), skipped, warnings });
}
