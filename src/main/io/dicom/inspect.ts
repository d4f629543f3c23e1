import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';
import { orientationCode } from '../../../shared/volume/orientation';
import { valueRange, voxelTypeOf, type Volume } from '../../../shared/volume/volume';
import { loadSeriesFromScan } from './load-series';
import { groupBySeries, isVolumeImage, scanHeaders, seriesInfo } from './scan';
import { transferSyntaxName } from './tags';
import type { DicomSeriesInfo } from './types';

/** What `lungts info` says about a volume, whatever file it came from. */
export interface VolumeSummary {
  readonly dims: readonly number[];
  readonly spacing: readonly number[];
  readonly origin: readonly number[];
  readonly direction: readonly number[];
  readonly orientation: string;
  readonly dataType: string;
  /** [min, max] of the voxel values (HU for CT). */
  readonly valueRange: readonly [number, number];
}

export interface SeriesReport extends Omit<DicomSeriesInfo, 'files' | 'transferSyntaxes'> {
  readonly fileCount: number;
  readonly transferSyntaxes: readonly string[];
  readonly volume?: VolumeSummary;
  /** Why the series could not be loaded as a volume (the series is still listed). */
  readonly error?: string;
}

export interface DicomReport {
  readonly path: string;
  readonly series: readonly SeriesReport[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly warnings: readonly string[];
}

const round = (x: number, d = 6) => Number(x.toFixed(d));

export function summarizeVolume(v: Volume): VolumeSummary {
  return {
    dims: [...v.dims],
    spacing: v.spacing.map((x) => round(x)),
    origin: v.origin.map((x) => round(x, 4)),
    direction: v.direction.map((x) => round(x)),
    orientation: orientationCode(v),
    dataType: voxelTypeOf(v.data),
    valueRange: valueRange(v.data),
  };
}

function report(info: DicomSeriesInfo, extra: { volume?: VolumeSummary; error?: string; warnings?: readonly string[] }): SeriesReport {
  const { files, transferSyntaxes, warnings, ...rest } = info;
  return {
    ...rest,
    fileCount: files.length,
    transferSyntaxes: transferSyntaxes.map(transferSyntaxName),
    warnings: extra.warnings ?? warnings,
    ...(extra.volume ? { volume: extra.volume } : {}),
    ...(extra.error ? { error: extra.error } : {}),
  };
}

/**
 * Lists every series under a path; image series are loaded (any modality) to report their
 * grid and value range, so problems such as missing slices show up per series.
 */
export async function inspectDicom(path: string, signal?: AbortSignal): Promise<Result<DicomReport>> {
  const isFile = await stat(path).then((s) => s.isFile(), () => false);
  const scan = await scanHeaders(path, signal ? { signal } : {});
  if (!scan.ok) return scan;
  const { headers, skipped, warnings } = scan.value;
  if (headers.length === 0) {
    if (isFile) return fail(`${path}: ${skipped[0]?.reason ?? 'not a DICOM file'}`);
    return fail(`${path}: no DICOM files found${skipped.length ? ` (${skipped.length} other file(s) skipped)` : ''}`);
  }
  const root = isFile ? dirname(path) : path;
  const series: SeriesReport[] = [];
  for (const group of groupBySeries(headers)) {
    const info = seriesInfo(group);
    if (!group.some(isVolumeImage)) {
      series.push(report(info, {}));
      continue;
    }
    const loaded = await loadSeriesFromScan(scan.value, path, root, { seriesUid: info.seriesInstanceUid, allowNonCt: true, ...(signal ? { signal } : {}) });
    if (!loaded.ok) {
      if (loaded.error === 'cancelled') return loaded;
      series.push(report(info, { error: loaded.error.startsWith(`${path}: `) ? loaded.error.slice(path.length + 2) : loaded.error }));
    } else {
      // Folder-wide warnings are reported once, not per series.
      const own = loaded.value.warnings.filter((w) => !warnings.includes(w));
      series.push(report(info, { volume: summarizeVolume(loaded.value.volume), warnings: own }));
    }
  }
  return ok({ path, series, skipped, warnings });
}
