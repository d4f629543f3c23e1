import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src/shared/api';
import { initParams } from '../../../src/shared/network/init';
import { preset } from '../../../src/shared/network/presets';
import { unwrap } from '../../../src/shared/result';
import { makeModelCard } from '../../../src/main/engine/card';
import { exportModel } from '../../../src/main/engine/model-file';
import type { App } from '../../../src/main/app/open';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';
import { tempDir } from '../../helpers/tmp';
import { call, openTestApp, writeModelFile, writeSyntheticCt } from './helpers';

const A0002 = sharedData('lung-pet-ct-dx', 'Lung_Dx-A0002');
if (!A0002) console.warn(missingDataMessage('lung-pet-ct-dx', 'Lung_Dx-A0002'));

async function runJob(app: App, kind: string, input: unknown) {
  const { jobId } = await call(app, 'jobs.start', { kind, input: input as never });
  await app.core.runner.idle();
  return (await call(app, 'jobs.get', { jobId })).job;
}

// The AI actions as jobs, with untrained (freshly initialised) networks: what is tested is the
// plumbing (model choice, case grid, saving as a versioned AI mask, status), not accuracy.
describe('teacher and segment jobs', () => {
  const dir = tempDir();
  let app: App;
  beforeAll(async () => {
    app = await openTestApp(join(dir, 'data'));
  });
  afterAll(async () => app?.close());

  it('refuses to run without boxes or without an active model, saying what is missing', async () => {
    const ct = writeSyntheticCt(dir);
    const imported = await runJob(app, 'import', { paths: [ct.path] });
    const seriesId = (imported.result as ImportReport).seriesAdded[0]!.seriesId;
    expect((await runJob(app, 'teacher', { seriesId })).error).toMatch(/no boxes/);
    await call(app, 'annotations.saveBoxes', { seriesId, author: 'n', source: 'manual', boxes: [{ k: 4, i0: 5, j0: 5, i1: 9, j1: 9, label: 'A', tumor: 0 }] });
    expect((await runJob(app, 'teacher', { seriesId })).error).toMatch(/no teacher model is active/);
    expect((await runJob(app, 'segment', { seriesId })).error).toMatch(/no student model is active/);
  });

  it('segments a CT with the active student and records the result as a student mask', async () => {
    const spec = preset('student-small');
    const params = initParams(spec, 3);
    const file = join(dir, 'student-small.onnx');
    unwrap(exportModel(file, makeModelCard(spec, params, { source: 'initialised', syntheticOnly: true }), params));
    await call(app, 'models.import', { file, activate: true });
    const seriesId = (await call(app, 'cases.list', {})).cases[0]!.seriesId;
    const job = await runJob(app, 'segment', { seriesId });
    expect(job.error).toBeNull();
    const anns = await call(app, 'annotations.list', { seriesId });
    const mask = anns.find((a) => a.label === 'tumour (student)')!;
    expect(mask.head).toMatchObject({ source: 'student', accepted: null });
    expect(mask.head.modelId).not.toBeNull();
  });

  it.skipIf(!A0002)('runs the teacher on the real A0002 boxes: a pending teacher mask inside the boxed slices', async () => {
    const report = (await runJob(app, 'import', { paths: [A0002!, join(A0002!, '..', 'Annotation')] })).result as ImportReport;
    const seriesId = report.seriesAdded.find((s) => s.description.includes('B70f'))!.seriesId;
    await call(app, 'models.import', { file: writeModelFile(dir, 'teacher-small'), activate: true });
    const job = await runJob(app, 'teacher', { seriesId });
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    const result = job.result as { versionId: number; voxels: number };
    const summary = (await call(app, 'cases.list', { search: 'B70f' })).cases[0]!;
    expect(summary.status).toMatchObject({ maskCount: 1, pendingPredictions: 1, maskSources: ['teacher'] });
    const anns = await call(app, 'annotations.list', { seriesId });
    const boxes = (await call(app, 'annotations.boxes', { versionId: anns.find((a) => a.kind === 'boxes')!.head.versionId })).boxes;
    const mask = await call(app, 'annotations.mask', { versionId: result.versionId });
    const [nx, ny] = mask.meta.geometry.dims;
    // Every voxel the teacher kept lies within its tumour's boxes: their slice range +-1 and
    // their joint in-plane extent +-2 voxels (the teacher's own clipping), on the case grid.
    const tumours = [...new Set(boxes.map((b) => b.tumor))].map((t) => {
      const own = boxes.filter((b) => b.tumor === t);
      const lo = (f: (b: (typeof own)[number]) => number) => Math.min(...own.map(f));
      const hi = (f: (b: (typeof own)[number]) => number) => Math.max(...own.map(f));
      return { k0: lo((b) => b.k) - 1, k1: hi((b) => b.k) + 1, i0: lo((b) => b.i0) - 2, i1: hi((b) => b.i1) + 2, j0: lo((b) => b.j0) - 2, j1: hi((b) => b.j1) + 2 };
    });
    let outside = 0;
    for (let q = 0; q < mask.bytes.length; q++) {
      if (!mask.bytes[q]) continue;
      const i = q % nx, j = Math.floor(q / nx) % ny, k = Math.floor(q / (nx * ny));
      if (!tumours.some((t) => k >= t.k0 && k <= t.k1 && i >= t.i0 && i <= t.i1 && j >= t.j0 && j <= t.j1)) outside++;
    }
    expect(outside).toBe(0);
    const again = await runJob(app, 'teacher', { seriesId });
    expect(again.error).toBeNull();
    const history = await call(app, 'annotations.history', { annotationId: anns.find((a) => a.kind === 'mask')!.annotationId });
    expect(history.map((v) => v.source)).toEqual(['teacher', 'teacher']);
  });
});
