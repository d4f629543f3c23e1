import { statSync } from 'node:fs';
import { fail, ok, type Result } from '../../../shared/result';
import { sameGeometry } from '../../../shared/volume/geometry';
import { orientationCode, reorient } from '../../../shared/volume/orientation';
import { createVolume } from '../../../shared/volume/volume';
import { getVersion } from '../../db/repos/annotation-rows';
import { versionContent } from '../../db/repos/annotations';
import { getSeriesRecord } from '../../db/repos/cases-read';
import { writeFileAtomic } from '../../fs/atomic';
import { loadCtSeries } from '../../io/dicom/load-series';
import { writeNifti } from '../../io/nifti/write';
import { writeSeg } from '../../io/seg/seg-write';
import { commonDir } from '../paths';
import type { AppCore } from '../core';
import type { HandlerMap } from './types';

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function written(path: string): Result<{ path: string; bytes: number }> {
  return ok({ path, bytes: statSync(path).size });
}

export function exportHandlers(app: AppCore): HandlerMap<'export.mask' | 'export.table'> {
  return {
    'export.mask': async ({ versionId, format, path }) => {
      const c = versionContent(app.db, versionId);
      if (!c.ok) return c;
      if (c.value.content.kind !== 'mask') return fail(`annotation version ${versionId} holds boxes, not a mask`);
      const rec = getSeriesRecord(app.db, c.value.seriesId)!;
      const bytes = await app.blobs.get(c.value.content.maskHash);
      if (!bytes.ok) return bytes;
      const mask = createVolume(rec.geometry, bytes.value);
      if (!mask.ok) return mask;
      // Exports lie on the CT's own grid: undo the reorientation to LPS.
      const native = reorient(mask.value, orientationCode(rec.nativeGeometry));
      if (format === 'nifti') {
        if (!/\.nii(\.gz)?$/i.test(path)) return fail(`${path}: a NIfTI export needs a .nii or .nii.gz name`);
        try {
          writeNifti(path, native);
        } catch (e) {
          return fail(`cannot write ${path}: ${(e as Error).message}`);
        }
        return written(path);
      }
      if (rec.sourceFormat !== 'dicom') return fail('DICOM SEG needs a DICOM CT; this case came from NIfTI, so export NIfTI instead');
      // A SEG references the CT's slices by UID and copies patient/study attributes from them.
      const series = await loadCtSeries(commonDir(rec.sourcePaths), { seriesUid: rec.seriesUid });
      if (!series.ok) return fail(`DICOM SEG export needs the case's original DICOM files, which cannot be read: ${series.error}`);
      if (!sameGeometry(native, series.value.volume)) return fail('the original DICOM files no longer match the case grid; import them again');
      const version = getVersion(app.db, versionId)!;
      const automatic = version.source === 'teacher' || version.source === 'student';
      const w = writeSeg(path, native, series.value, {
        ...(automatic ? { algorithmName: `LungTS ${version.source}` } : {}),
        creatorName: version.author,
        seriesDescription: `LungTS ${version.source} mask v${versionId}`,
      });
      return w.ok ? written(path) : w;
    },
    'export.table': async ({ path, format, columns, rows }) => {
      const bad = rows.findIndex((r) => r.length !== columns.length);
      if (bad >= 0) return fail(`row ${bad + 1} has ${rows[bad]!.length} cells but there are ${columns.length} columns`);
      const text =
        format === 'csv'
          ? [columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
          : JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))), null, 2) + '\n';
      try {
        writeFileAtomic(path, text);
      } catch (e) {
        return fail(`cannot write ${path}: ${(e as Error).message}`);
      }
      return written(path);
    },
  };
}
