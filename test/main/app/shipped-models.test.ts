import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/shared/result';
import { openApp } from '../../../src/main/app/open';
import { tempDir } from '../../helpers/tmp';
import { call, writeModelFile } from './helpers';

describe('shipped models', () => {
  it('are registered at start and made active where a role has none; a bad file is a note, not a failure', async () => {
    const dir = tempDir();
    const shipped = join(dir, 'models');
    mkdirSync(shipped);
    writeModelFile(shipped, 'teacher');
    writeFileSync(join(shipped, 'broken.onnx'), 'not a model');
    const open = () => openApp({ dataDir: join(dir, 'data'), settingsPath: join(dir, 'settings.json'), host: { host: 'bridge' }, executor: 'inline', shippedModelsDir: shipped });
    const app = unwrap(await open());
    expect(app.notices.join('\n')).toMatch(/broken\.onnx was not registered/);
    const models = await call(app, 'models.list', {});
    expect(models).toEqual([expect.objectContaining({ name: 'teacher', role: 'teacher', active: true, synthetic: true })]);
    // The user's choice survives the next start: another model made active stays active.
    const other = await call(app, 'models.import', { file: writeModelFile(dir, 'teacher-b', 7), activate: true });
    await app.close();
    const again = unwrap(await open());
    const active = (await call(again, 'models.list', { role: 'teacher' })).filter((m) => m.active);
    expect(active.map((m) => m.modelId)).toEqual([other.modelId]);
    await again.close();
  });
});
