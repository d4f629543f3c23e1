import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src/shared/api';
import type { App } from '../../../src/main/app/open';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { tempDir } from '../../helpers/tmp';
import { call, openTestApp } from './helpers';

const A0002 = sharedData('lung-pet-ct-dx');
if (!A0002) console.warn(missingDataMessage('lung-pet-ct-dx'));

async function runImport(app: App, paths: string[]): Promise<ImportReport> {
  const { jobId } = await call(app, 'jobs.start', { kind: 'import', input: { paths } });
  await app.core.runner.idle();
  const { job } = await call(app, 'jobs.get', { jobId });
  expect(job.error).toBeNull();
  return job.result as ImportReport;
}

// A mask drawn in the app goes out as DICOM SEG and comes back in through an import, voxel
// for voxel, on the real A0002 CT: with its CT in the same import, and alone onto a case
// that is already in the database.
describe.skipIf(!A0002)('DICOM SEG export and import through the app', () => {
  const dir = tempDir();
  const apps: App[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('round-trips a mask through a SEG file, and does not add the same mask twice', async () => {
    const first = await openTestApp(join(dir, 'one'));
    apps.push(first);
    const imported = await runImport(first, [join(A0002!, 'Lung_Dx-A0002')]);
    const series = imported.seriesAdded.find((s) => s.description.includes('B70f'))!;
    const detail = await call(first, 'cases.get', { seriesId: series.seriesId });
    const [nx, ny, nz] = detail.geometry.dims;
    const mask = new Uint8Array(nx * ny * nz);
    for (let k = 10; k < 14; k++) for (let j = 280; j < 320; j++) mask.fill(1, k * nx * ny + j * nx + 140, k * nx * ny + j * nx + 200);
    const saved = await call(first, 'annotations.saveMask', { meta: { seriesId: series.seriesId, author: 'rad', source: 'manual' }, bytes: mask });
    const segPath = join(dir, 'segs', 'tumour.dcm');
    await call(first, 'export.mask', { versionId: saved.version.versionId, format: 'seg', path: segPath });

    // A fresh database: the CT folder and the SEG imported together.
    const second = await openTestApp(join(dir, 'two'));
    apps.push(second);
    const report = await runImport(second, [join(A0002!, 'Lung_Dx-A0002'), join(dir, 'segs')]);
    expect(report.masksAttached).toBe(1);
    const target = report.seriesAdded.find((s) => s.seriesUid === series.seriesUid)!;
    const anns = await call(second, 'annotations.list', { seriesId: target.seriesId });
    const seg = anns.find((a) => a.kind === 'mask')!;
    expect(seg.head).toMatchObject({ source: 'imported', voxelCount: 4 * 40 * 60, contentHash: saved.version.contentHash });
    const back = await call(second, 'annotations.mask', { versionId: seg.head.versionId });
    expect(Buffer.from(back.bytes).equals(Buffer.from(mask))).toBe(true);
    expect((await call(second, 'cases.list', { filter: 'masks' })).total).toBe(1);

    // The SEG alone onto the case already there: recognised as a mask it already has.
    const again = await runImport(second, [join(dir, 'segs')]);
    expect(again.masksAttached ?? 0).toBe(0);
    expect(again.skipped).toEqual([expect.objectContaining({ path: segPath, reason: expect.stringMatching(/already on case/) })]);
    // And onto the first database, where only the manual mask exists under another content: same content, so refused too.
    const third = await runImport(first, [join(dir, 'segs')]);
    expect(third.skipped[0]?.reason).toMatch(/already on case/);
  });
});
