import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src/shared/api';
import { unwrap } from '../../../src/shared/result';
import type { App } from '../../../src/main/app/open';
import { writeBoxSet } from '../../../src/main/io/boxes/box-json';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { generatePhantom } from '../../../src/main/phantom/generate';
import { tempDir } from '../../helpers/tmp';
import { call, openTestApp, writeModelFile } from '../app/helpers';

// The pipeline's job kinds inside the app (inline executor, real database): a dataset of small
// phantoms with imported truth masks (strong) and boxes only (weak), an untrained teacher for
// the pseudo-labels, one short training epoch, and an evaluation. Plumbing, not accuracy.
async function runJob(app: App, kind: string, input: unknown) {
  const { jobId } = await call(app, 'jobs.start', { kind, input: input as never });
  await app.core.runner.idle();
  return (await call(app, 'jobs.get', { jobId })).job;
}

describe('pseudo-label, train and evaluate jobs', () => {
  const dir = tempDir();
  let app: App;
  const strong: number[] = [];
  let weak = 0;
  let datasetId = 0;

  beforeAll(async () => {
    app = await openTestApp(join(dir, 'data'));
    for (const seed of [31, 32, 33, 34]) {
      const c = unwrap(await generatePhantom({ seed, size: 'small', tumors: 1 }));
      const ct = join(dir, `ct-${seed}.nii.gz`);
      writeNifti(ct, c.ct);
      const report = (await runJob(app, 'import', { paths: [ct] })).result as ImportReport;
      const seriesId = report.seriesAdded[0]!.seriesId;
      // The phantom is already on an LPS grid, so its voxels are the case grid's.
      await call(app, 'annotations.saveBoxes', { seriesId, author: 'nurse', source: 'manual', boxes: c.boxes.boxes.map((b) => ({ ...b })) });
      if (seed === 34) {
        weak = seriesId;
        continue;
      }
      const tumor = Uint8Array.from(c.tumor.data, (v) => (v ? 1 : 0));
      const saved = await call(app, 'annotations.saveMask', { meta: { seriesId, author: 'radiologist', source: 'imported' }, bytes: tumor });
      await call(app, 'annotations.review', { versionId: saved.version.versionId, accepted: true, author: 'radiologist' });
      strong.push(seriesId);
      writeBoxSet(join(dir, `boxes-${seed}.json`), c.boxes);
    }
    const ds = await call(app, 'datasets.create', { name: 'phantoms' });
    datasetId = ds.datasetId;
    await call(app, 'datasets.setMembers', {
      datasetId, replace: true,
      members: [...strong.map((seriesId) => ({ seriesId, strength: 'strong' as const, split: null })), { seriesId: weak, strength: 'weak', split: null }],
    });
    await call(app, 'models.import', { file: writeModelFile(dir, 'teacher-small'), activate: true });
  });
  afterAll(async () => app?.close());

  it('pseudo-labels the weak case as a pending teacher mask', async () => {
    const job = await runJob(app, 'pseudo-label', { datasetId });
    expect(job.error).toBeNull();
    const labelled = (job.result as { labelled: { seriesId: number; confidence: number }[] }).labelled;
    expect(labelled.map((l) => l.seriesId)).toEqual([weak]);
    const anns = await call(app, 'annotations.list', { seriesId: weak });
    expect(anns.find((a) => a.label === 'tumour (teacher)')!.head).toMatchObject({ source: 'teacher', accepted: null });
  });

  // One epoch on CPU plus two whole-CT evaluations: a few minutes on two busy cores.
  it('trains a student for an epoch, writes the split back and registers the model; evaluate scores it on the test split', { timeout: 400_000 }, async () => {
    const job = await runJob(app, 'train', { datasetId, role: 'student', epochs: 1, name: 'test student' });
    expect(job.error).toBeNull();
    const r = job.result as { model: { modelId: number; name: string; role: string }; epochs: number };
    expect(r.model).toMatchObject({ name: 'test student', role: 'student' });
    expect(r.epochs).toBe(1);
    const members = await call(app, 'datasets.members', { datasetId });
    expect(members.filter((m) => m.strength === 'strong').map((m) => m.split).sort()).toEqual(['test', 'train', 'val']);
    const ev = await runJob(app, 'evaluate', { modelId: r.model.modelId, datasetId, split: 'test' });
    expect(ev.error).toBeNull();
    const evaluation = ev.result as { caseCount: number; summary: { dice: number | null; f1: number | null } };
    expect(evaluation.caseCount).toBe(1);
    expect(evaluation.summary.dice).not.toBeNull();
    const list = await call(app, 'evaluations.list', {});
    expect(list).toHaveLength(1);
  });
});
