import { fail, ok, type Result } from '../../../shared/result';
import type { ImageHeader } from './header';
import { groupBySeries, isVolumeImage, type HeaderScan } from './scan';

function describeSeries(s: readonly ImageHeader[]): string {
  const h = s[0]!;
  const slices = s.reduce((n, x) => n + x.frames.length, 0);
  const what = [h.modality || 'no modality', h.seriesNumber !== undefined ? `#${h.seriesNumber}` : '', h.seriesDescription ? `"${h.seriesDescription}"` : '', `${slices} slices`]
    .filter((x) => x !== '')
    .join(', ');
  return `${h.seriesInstanceUid} (${what})`;
}

/** A short note on the files a scan could not use, appended to failures that may stem from them. */
export function skippedSummary(scan: HeaderScan): string {
  const n = scan.skipped.length;
  if (n === 0) return '';
  const shown = scan.skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`).join('; ');
  return ` (${n} file(s) were not usable: ${shown}${n > 3 ? '; ...' : ''})`;
}

/** Picks the image series to load: the one named, or the only one; else a failure listing them. */
export function chooseSeries(scan: HeaderScan, path: string, seriesUid?: string): Result<ImageHeader[]> {
  const series = groupBySeries(scan.headers.filter(isVolumeImage));
  if (seriesUid !== undefined) {
    const hit = series.find((s) => s[0]!.seriesInstanceUid === seriesUid);
    if (hit) return ok(hit);
    const list = series.map(describeSeries).join('; ');
    return fail(`${path}: no image series with UID ${seriesUid}${list ? `; found: ${list}` : ''}`);
  }
  if (series.length === 0) {
    const others = groupBySeries(scan.headers).map(describeSeries);
    return fail(`${path}: no DICOM image series found${others.length ? ` (only non-image objects: ${others.join('; ')})` : ''}${skippedSummary(scan)}`);
  }
  if (series.length > 1) {
    return fail(`${path} holds ${series.length} image series; choose one with --series UID: ${series.map(describeSeries).join('; ')}`);
  }
  return ok(series[0]!);
}
