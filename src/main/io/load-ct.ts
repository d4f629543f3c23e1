import { stat } from 'node:fs/promises';
import { fail, ok, type Result } from '../../shared/result';
import type { Volume } from '../../shared/volume/volume';
import { loadCtSeries } from './dicom/load-series';
import type { LoadedCtSeries, LoadSeriesOptions } from './dicom/types';
import { readNifti } from './nifti/read';

/** A CT from either source, on its own grid (not reoriented), values in HU. */
export interface LoadedCt {
  readonly volume: Volume;
  readonly source: 'nifti' | 'dicom';
  readonly dicom?: LoadedCtSeries;
  readonly warnings: string[];
}

export function isNiftiPath(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path);
}

/**
 * Loads a CT for any command: a NIfTI file (.nii / .nii.gz) or a DICOM folder or file.
 * A folder holding several image series needs `seriesUid`; the failure lists them.
 */
export async function loadCt(path: string, opts: LoadSeriesOptions = {}): Promise<Result<LoadedCt>> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return fail(`${path}: no such file or folder`);
  if (info.isFile() && isNiftiPath(path)) {
    if (opts.seriesUid !== undefined) return fail(`${path}: a series UID was given, but the file is NIfTI, not DICOM`);
    opts.progress?.({ stage: 'read', fraction: 0, message: `reading ${path}` });
    const nifti = readNifti(path, { shared: opts.shared === true });
    if (!nifti.ok) return nifti;
    opts.progress?.({ stage: 'read', fraction: 1, message: `read ${path}` });
    return ok({ volume: nifti.value.volume, source: 'nifti', warnings: [...nifti.value.warnings] });
  }
  const dicom = await loadCtSeries(path, opts);
  if (!dicom.ok) return dicom;
  return ok({ volume: dicom.value.volume, source: 'dicom', dicom: dicom.value, warnings: [...dicom.value.warnings] });
}
