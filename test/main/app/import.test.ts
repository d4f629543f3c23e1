import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src/shared/api';
import { unwrap } from '../../../src/shared/result';
import type { App } from '../../../src/main/app/open';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { tempDir } from '../../helpers/tmp';
import { call, openTestApp } from './helpers';

const A0002 = sharedData('lung-pet-ct-dx');
if (!A0002) console.warn(missingDataMessage('lung-pet-ct-dx'));

/** The XML's box read independently of the app's reader: 1-based inclusive pixels -> 0-based. */
function xmlBoxes(file: string): { i0: number; j0: number; i1: number; j1: number }[] {
  const xml = readFileSync(file, 'utf8');
  return [...xml.matchAll(/<bndbox>\s*<xmin>(\d+)<\/xmin>\s*<ymin>(\d+)<\/ymin>\s*<xmax>(\d+)<\/xmax>\s*<ymax>(\d+)<\/ymax>/g)].map((m) => ({
    i0: Number(m[1]) - 1, j0: Number(m[2]) - 1, i1: Number(m[3]) - 1, j1: Number(m[4]) - 1,
  }));
}

describe.skipIf(!A0002)('import of the real Lung-PET-CT-Dx case A0002 (worker process)', () => {
  const dir = tempDir();
  let app: App;
  beforeAll(async () => {
    app = await openTestApp(join(dir, 'data'), 'fork');
  });
  afterAll(async () => app?.close());

  const importJob = async (): Promise<ImportReport> => {
    const { jobId } = await call(app, 'jobs.start', { kind: 'import', input: { paths: [A0002!] } });
    await app.core.runner.idle();
    const { job } = await call(app, 'jobs.get', { jobId });
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    return job.result as ImportReport;
  };

  it('lands as one patient, one study, two series, with every box on the slice its XML names', async () => {
    const report = await importJob();
    expect(report).toMatchObject({ patientsAdded: 1, studiesAdded: 1, duplicates: [] });
    expect(report.seriesAdded.map((s) => s.description).sort()).toEqual(['ThoraxRoutine  8.0.0  B40f', 'ThoraxRoutine  8.0.0  B70f']);
    expect(report.skipped.map((s) => basename(s.path)).sort()).toEqual(['LICENSE', 'SOURCES.md']);
    expect(report.skipped.every((s) => /not a DICOM file/.test(s.reason))).toBe(true);

    const db = app.core.db;
    expect(db.prepare('SELECT COUNT(*) AS n FROM patients').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM studies').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM series').get()).toEqual({ n: 2 });

    const xmlDir = join(A0002!, 'Annotation', 'A0002');
    const xmlFiles = readdirSync(xmlDir);
    let checked = 0;
    for (const s of report.seriesAdded) {
      const detail = await call(app, 'cases.get', { seriesId: s.seriesId });
      // Axial CT with identity orientation: the case grid is the DICOM grid, so pixels map 1:1.
      expect(detail.geometry.direction.map((x) => Math.round(x))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      const anns = await call(app, 'annotations.list', { seriesId: s.seriesId });
      expect(anns).toHaveLength(1);
      expect(anns[0]).toMatchObject({ kind: 'boxes', head: { source: 'imported' } });
      const content = await call(app, 'annotations.boxes', { versionId: anns[0]!.head.versionId });
      const named = new Set(detail.sliceUids.filter((u) => u !== null && xmlFiles.includes(`${u}.xml`)));
      expect(content.boxes.length).toBe(named.size);
      expect(detail.summary.status.boxCount).toBe(content.boxes.length);
      for (const b of content.boxes) {
        expect(b.sopInstanceUid).toBe(detail.sliceUids[b.k]);
        expect(b.label).toBe('A');
        expect(xmlBoxes(join(xmlDir, `${b.sopInstanceUid}.xml`))).toContainEqual({ i0: b.i0, j0: b.j0, i1: b.i1, j1: b.j1 });
        checked++;
      }
    }
    expect(checked).toBe(xmlFiles.length);
    expect(report.boxesAttached).toBe(xmlFiles.length);
  });

  it('imports nothing twice: the same folder again reports both series as duplicates', async () => {
    const again = await importJob();
    expect(again.seriesAdded).toEqual([]);
    expect(again.duplicates).toHaveLength(2);
    expect(app.core.db.prepare('SELECT COUNT(*) AS n FROM series').get()).toEqual({ n: 2 });
  });

  it('serves the stored CT identical to a fresh read of the DICOM files', async () => {
    const { loadCtSeries } = await import('../../../src/main/io/dicom/load-series');
    const id = (app.core.db.prepare("SELECT id, series_uid FROM series WHERE description LIKE '%B70f'").get() as { id: number; series_uid: string });
    const msg = await call(app, 'volume.get', { seriesId: id.id });
    const fresh = unwrap(await loadCtSeries(A0002!, { seriesUid: id.series_uid }));
    const data = fresh.volume.data as Int16Array;
    expect(Buffer.from(msg.bytes).equals(Buffer.from(data.buffer, data.byteOffset, data.byteLength))).toBe(true);
    expect(msg.meta.range[0]).toBeLessThan(-900);
  });
});
