import type { ProgressSink } from '../../../shared/job';
import type { BlobStore } from '../../db/blobs';
import type { Db } from '../../db/connection';
import { readVocBoxes } from '../../io/boxes/voc-read';
import { loadCtSeries } from '../../io/dicom/load-series';
import { toCaseGrid } from '../case-grid';
import type { ReportBuilder } from './import-folder';
import type { SegFiles } from './seg-files';
import { storeCase, type CaseToStore } from './store-case';

export interface DicomSeriesJob {
  readonly dir: string;
  readonly seriesUid: string;
  readonly mode: 'copy' | 'reference';
  /** Folders holding .xml files: tried as Lung-PET-CT-Dx boxes for this series. */
  readonly xmlDirs: readonly string[];
  /** Folders whose boxes matched some series (the rest are reported). */
  readonly usedXml: Set<string>;
  readonly segs: SegFiles;
}

/** Loads one DICOM series, attaches the box XML that names its slices, and stores it. */
export async function importDicomSeries(db: Db, blobs: BlobStore, job: DicomSeriesJob, report: ReportBuilder, progress: ProgressSink, signal: AbortSignal): Promise<void> {
  const loaded = await loadCtSeries(job.dir, { seriesUid: job.seriesUid, signal, progress });
  if (!loaded.ok) {
    if (!signal.aborted) report.skipped.push({ path: job.dir, reason: loaded.error });
    return;
  }
  const ct = loaded.value;
  const grid = toCaseGrid({ volume: ct.volume, source: 'dicom', dicom: ct, warnings: [...ct.warnings] });
  let boxes: CaseToStore['boxes'];
  for (const dir of job.xmlDirs) {
    const read = readVocBoxes(dir, ct);
    if (!read.ok) {
      // A folder naming no slice of this series belongs to another one; any other problem is reported.
      if (!read.error.includes('names a slice of series')) report.skipped.push({ path: dir, reason: read.error });
      continue;
    }
    job.usedXml.add(dir);
    const note = `Lung-PET-CT-Dx boxes from ${dir} (${read.value.matched} files)${read.value.warnings.length ? `; ${read.value.warnings.join('; ')}` : ''}`;
    boxes = { boxes: [...(boxes?.boxes ?? []), ...read.value.set.boxes], label: 'tumour boxes', note };
  }
  const masks = job.segs.masksFor(ct, grid, report.skipped);
  const info = ct.info;
  const stored = await storeCase(
    db,
    blobs,
    {
      patient: { key: info.patientId || `unknown-${info.studyInstanceUid}`, name: info.patientName },
      study: { uid: info.studyInstanceUid, date: info.studyDate, description: info.studyDescription },
      series: {
        uid: info.seriesInstanceUid,
        number: info.seriesNumber ?? null,
        description: info.seriesDescription,
        modality: info.modality,
        frameOfReferenceUid: info.frameOfReferenceUid ?? null,
        sourceFormat: 'dicom',
        sourcePaths: ct.slices.map((s) => s.file),
        warnings: [...ct.warnings],
      },
      grid,
      ...(boxes ? { boxes } : {}),
      masks,
    },
    job.mode,
  );
  if (!stored.ok) {
    report.skipped.push({ path: job.dir, reason: stored.error });
    return;
  }
  if (stored.value.patientAdded) report.patientsAdded++;
  if (stored.value.studyAdded) report.studiesAdded++;
  report.seriesAdded.push({ seriesId: stored.value.seriesId, seriesUid: info.seriesInstanceUid, description: info.seriesDescription, slices: grid.volume.dims[2] });
  report.boxesAttached += boxes?.boxes.length ?? 0;
  report.masksAttached = (report.masksAttached ?? 0) + masks.length;
}
