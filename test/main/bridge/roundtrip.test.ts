import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_METHODS, createApiClient, createHttpTransport, maskFromMessage, volumeFromMessage, type ApiClient, type ApiEvent, type ApiMethod,
} from '../../../src/shared/api';
import { unwrap } from '../../../src/shared/result';
import { reorient } from '../../../src/shared/volume/orientation';
import { SCHEMA_VERSION } from '../../../src/main/db/migrate';
import { insertEvaluation } from '../../../src/main/db/repos/evaluations';
import { readNifti } from '../../../src/main/io/nifti/read';
import type { App } from '../../../src/main/app/open';
import { startBridge, type Bridge } from '../../../src/main/bridge/server';
import { tempDir } from '../../helpers/tmp';
import { openTestApp, writeModelFile, writeSyntheticCt } from '../app/helpers';

/** fetch will not send a forged Host header; node:http will. */
function rawStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/cases.list', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

// Every contract method, called through the real HTTP bridge and the renderer's client, on a
// real database holding a case imported from a NIfTI file.
describe('loopback bridge round trips', () => {
  const dir = tempDir();
  const called = new Set<ApiMethod>();
  const events: ApiEvent[] = [];
  let app: App;
  let bridge: Bridge;
  let api: ApiClient;
  const call: ApiClient['call'] = async (method, input) => {
    called.add(method);
    return api.call(method, input);
  };

  beforeAll(async () => {
    app = await openTestApp(join(dir, 'data'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>LungTS</title>');
    bridge = await startBridge({ dispatch: app.dispatch, subscribe: (l) => app.core.events.subscribe(l), rendererDir: join(dir, 'renderer') });
    api = createApiClient(
      createHttpTransport({ baseUrl: bridge.origin, token: bridge.token, fetch: (u, i) => fetch(u, i), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }),
    );
    api.onEvent((e) => events.push(e));
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await bridge?.close();
    await app?.close();
  });

  it('serves every method of the contract with validated payloads both ways', async () => {
    const info = unwrap(await call('app.info', {}));
    expect(info).toMatchObject({ host: 'bridge', nativeDialogs: false, schemaVersion: SCHEMA_VERSION });

    const ct = writeSyntheticCt(dir);
    const job = unwrap(await call('jobs.start', { kind: 'import', input: { paths: [ct.path] } }));
    await app.core.runner.idle();
    const done = unwrap(await call('jobs.get', { jobId: job.jobId }));
    expect(done.job.state).toBe('succeeded');
    expect((done.job.result as { seriesAdded: unknown[] }).seriesAdded).toHaveLength(1);

    expect(unwrap(await call('patients.list', {}))).toHaveLength(1);
    const list = unwrap(await call('cases.list', { search: 'SYNTHETIC' }));
    expect(list.total).toBe(1);
    const seriesId = list.cases[0]!.seriesId;
    const detail = unwrap(await call('cases.get', { seriesId }));
    expect(detail.sourceFormat).toBe('nifti');

    // The CT comes back as Int16 on the LPS case grid, voxel for voxel.
    const vol = unwrap(volumeFromMessage(unwrap(await call('volume.get', { seriesId }))));
    const lps = reorient(ct.volume, 'LPS');
    expect(vol.dims).toEqual(lps.dims);
    expect(Buffer.from(vol.data.buffer, vol.data.byteOffset, vol.data.byteLength).equals(Buffer.from(lps.data.buffer))).toBe(true);
    const again = unwrap(await call('volume.get', { seriesId })); // served from the cache the second time
    expect(Buffer.from(again.bytes).equals(Buffer.from(vol.data.buffer, vol.data.byteOffset, vol.data.byteLength))).toBe(true);

    const boxes = unwrap(await call('annotations.saveBoxes', {
      seriesId, author: 'nurse', source: 'manual', label: 'tumour 1',
      boxes: [{ k: 3, i0: 2, j0: 3, i1: 6, j1: 7, label: 'A', tumor: 0 }],
    }));
    expect(boxes.version.boxCount).toBe(1);
    const got = unwrap(await call('annotations.boxes', { versionId: boxes.version.versionId }));
    expect(got.boxes).toEqual([{ k: 3, i0: 2, j0: 3, i1: 6, j1: 7, label: 'A', tumor: 0 }]);

    const mask = new Uint8Array(vol.data.length);
    for (let i = 0; i < mask.length; i += 13) mask[i] = 1;
    const saved = unwrap(await call('annotations.saveMask', { meta: { seriesId, author: 'rad', source: 'manual' }, bytes: mask }));
    const back = unwrap(maskFromMessage(unwrap(await call('annotations.mask', { versionId: saved.version.versionId }))));
    expect(Buffer.from(back.data).equals(Buffer.from(mask))).toBe(true);
    const edited = mask.slice();
    edited[0] = 0;
    const v2 = unwrap(await call('annotations.saveMask', {
      meta: { seriesId, annotationId: saved.annotation.annotationId, parentVersionId: saved.version.versionId, author: 'rad', source: 'manual' }, bytes: edited,
    }));
    expect(v2.version.parentVersionId).toBe(saved.version.versionId);
    const reviewed = unwrap(await call('annotations.review', { versionId: v2.version.versionId, accepted: true, author: 'rad' }));
    expect(reviewed.accepted).toBe(true);
    const restored = unwrap(await call('annotations.restore', { versionId: saved.version.versionId, author: 'rad' }));
    expect(restored.version.contentHash).toBe(saved.version.contentHash);
    expect(unwrap(await call('annotations.history', { annotationId: saved.annotation.annotationId }))).toHaveLength(3);
    expect(unwrap(await call('annotations.list', { seriesId }))).toHaveLength(2);

    const niftiOut = join(dir, 'mask.nii.gz');
    unwrap(await call('export.mask', { versionId: saved.version.versionId, format: 'nifti', path: niftiOut }));
    const written = unwrap(readNifti(niftiOut)).volume;
    expect(written.dims).toEqual(ct.volume.dims); // back on the file's own grid
    expect(Buffer.from(reorient(written, 'LPS').data as Uint8Array).equals(Buffer.from(mask))).toBe(true);
    const seg = await call('export.mask', { versionId: saved.version.versionId, format: 'seg', path: join(dir, 'x.dcm') });
    expect(seg.ok || seg.error).toMatch(/NIfTI/);
    const csv = unwrap(await call('export.table', { path: join(dir, 't.csv'), format: 'csv', columns: ['case', 'ml'], rows: [['a,b', 1.5], [null, 2]] }));
    expect(readFileSync(csv.path, 'utf8')).toBe('case,ml\n"a,b",1.5\n,2\n');

    expect(unwrap(await call('jobs.kinds', {})).map((k) => k.kind)).toContain('selftest');
    const st = unwrap(await call('jobs.start', { kind: 'selftest', input: { steps: 3 } }));
    await app.core.runner.idle();
    expect(unwrap(await call('jobs.metrics', { jobId: st.jobId })).map((p) => p.step)).toEqual([1, 2, 3]);
    const slow = unwrap(await call('jobs.start', { kind: 'selftest', input: { steps: 40, stepMs: 20 } }));
    const blocked = unwrap(await call('jobs.start', { kind: 'selftest', input: { steps: 1 } }));
    expect(unwrap(await call('jobs.cancel', { jobId: blocked.jobId })).state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 200));
    unwrap(await call('jobs.cancel', { jobId: slow.jobId }));
    await app.core.runner.idle();
    const resumed = unwrap(await call('jobs.resume', { jobId: slow.jobId }));
    expect(resumed.state).toBe('queued');
    await app.core.runner.idle();
    const slowDone = unwrap(await call('jobs.get', { jobId: slow.jobId }));
    expect(slowDone.job.state).toBe('succeeded');
    expect((slowDone.job.result as { resumedFrom: number }).resumedFrom).toBeGreaterThan(0);
    expect(unwrap(await call('jobs.list', { states: ['succeeded'] })).length).toBeGreaterThanOrEqual(3);

    const modelFile = writeModelFile(dir);
    const model = unwrap(await call('models.import', { file: modelFile }));
    expect(model).toMatchObject({ name: 'teacher-small', role: 'teacher', synthetic: true, active: false, metrics: { val_dice: 0.5 } });
    writeFileSync(join(dir, 'damaged.onnx'), readFileSync(modelFile).subarray(0, 5000));
    expect((await call('models.import', { file: join(dir, 'damaged.onnx') })).ok).toBe(false);
    expect(unwrap(await call('models.activate', { modelId: model.modelId })).active).toBe(true);
    expect(unwrap(await call('models.list', { role: 'teacher' }))[0]!.active).toBe(true);
    expect(unwrap(await call('models.card', { modelId: model.modelId })).card).toMatchObject({ format: 'lungts-model-card' });

    const ds = unwrap(await call('datasets.create', { name: 'study A' }));
    unwrap(await call('datasets.setMembers', { datasetId: ds.datasetId, members: [{ seriesId, strength: 'strong', split: 'test' }], replace: true }));
    expect(unwrap(await call('datasets.members', { datasetId: ds.datasetId }))).toEqual([{ seriesId, strength: 'strong', split: 'test' }]);
    expect(unwrap(await call('datasets.list', {}))[0]!.counts).toMatchObject({ strong: 1, test: 1 });

    const ev = insertEvaluation(app.core.db, {
      modelId: model.modelId, datasetId: ds.datasetId, jobId: null, split: 'test',
      cases: [{ seriesId, metrics: { dice: 0.8, f1: 1, diceTp: 0.8 }, predictionVersionId: v2.version.versionId, truthVersionId: saved.version.versionId, extra: { tumours: 1 } }],
    });
    expect(unwrap(await call('evaluations.list', {}))[0]!.summary.dice).toBeCloseTo(0.8);
    expect(unwrap(await call('evaluations.get', { evaluationId: ev.evaluationId })).cases[0]).toMatchObject({ patientKey: 'synthetic-ct', extra: { tumours: 1 } });

    expect(unwrap(await call('settings.get', {})).settings.threads).toBe(0);
    expect(unwrap(await call('settings.set', { threads: 3, executionProvider: 'cpu' })).settings).toMatchObject({ threads: 3, executionProvider: 'cpu' });
    const dialog = await call('dialog.pick', { kind: 'folder' });
    expect(dialog.ok ? '' : dialog.error).toMatch(/browser/);

    expect(unwrap(await call('cases.remove', { seriesId }))).toEqual({ removed: true });
    expect(unwrap(await call('cases.list', {})).total).toBe(0);

    expect([...API_METHODS].filter((m) => !called.has(m))).toEqual([]);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['job', 'job-metric', 'cases-changed', 'annotations-changed', 'models-changed', 'datasets-changed', 'settings-changed']) expect(types).toContain(t);
  });

  it('refuses requests without the token, from another origin or host, or with malformed payloads', async () => {
    const post = (path: string, headers: Record<string, string>, body = '{}') =>
      fetch(bridge.origin + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const t = { 'x-lungts-token': bridge.token };
    expect((await post('/api/cases.list', {})).status).toBe(401);
    expect((await post('/api/cases.list', { 'x-lungts-token': 'x'.repeat(bridge.token.length) })).status).toBe(401);
    expect((await post('/api/cases.list', { ...t, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/cases.list', { ...t, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await rawStatus(bridge.port, { ...t, host: 'evil.example' })).toBe(403); // DNS rebinding
    const bad = await post('/api/cases.list', t, '{"limit": "ten"}');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: expect.stringMatching(/limit/) });
    expect((await post('/api/cases.list', t, '{not json')).status).toBe(400);
    expect((await post('/api/cases.get', t, '{"seriesId": 1, "sql": "drop"}')).status).toBe(400);
    expect((await post('/api/no.such', t)).status).toBe(404);
    expect((await post('/api/annotations.saveMask', { ...t, 'content-type': 'application/x-lungts-frame' }, 'garbage')).status).toBe(400);
    expect((await fetch(`${bridge.origin}/api/cases.list`, { headers: t })).status).toBe(405);
    expect((await fetch(`${bridge.origin}/api/events`)).status).toBe(401);
    // A valid request with the token from the bridge's own origin is served.
    expect((await post('/api/cases.list', { ...t, origin: bridge.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await fetch(`${bridge.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('LungTS');
    expect((await fetch(`${bridge.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${bridge.origin}/../data/lungts.db`)).status).toBe(404);
  });
});
