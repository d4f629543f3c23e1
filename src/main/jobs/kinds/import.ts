import { ImportJobInputSchema } from '../../../shared/api/schemas/job-inputs';
import { importPaths } from '../../app/import/import-folder';
import { defineJobKind } from '../kind';

/** Import of DICOM / NIfTI / Lung-PET-CT-Dx boxes (report: ImportReport). */
export const importJobKind = defineJobKind({
  kind: 'import',
  label: 'Import',
  lane: 'io',
  resumable: false,
  input: ImportJobInputSchema,
  title: (i) => `Import ${i.paths.length === 1 ? i.paths[0] : `${i.paths.length} paths`}`,
  async run(input, progress, signal, ctx) {
    const onSeriesAdded = (seriesId: number) => ctx.notify({ type: 'cases-changed', seriesIds: [seriesId] });
    const r = await importPaths(ctx.db, ctx.blobs, { ...input, onSeriesAdded }, progress, signal);
    if (r.ok) for (const s of r.value.skipped.slice(0, 200)) ctx.log('warn', `skipped ${s.path}: ${s.reason}`);
    return r;
  },
});
