import { platform } from 'node:os';
import type { SettingsView } from '../../../shared/api';
import { fail, ok } from '../../../shared/result';
import { APP_VERSION } from '../../../shared/version';
import { schemaVersion } from '../../db/migrate';
import type { AppCore } from '../core';
import type { HandlerMap } from './types';

export function settingsView(app: AppCore): SettingsView {
  const s = app.settings.get();
  return {
    settings: s,
    effective: { dataDir: app.dataDir, executionProviders: [...app.executionProviders], threads: s.threads },
    restartRequired: s.dataDir !== null && s.dataDir !== app.dataDir,
  };
}

export function appHandlers(app: AppCore): HandlerMap<'app.info' | 'settings.get' | 'settings.set' | 'dialog.pick'> {
  return {
    'app.info': async () =>
      ok({
        version: APP_VERSION,
        host: app.host.host,
        platform: platform(),
        dataDir: app.dataDir,
        databasePath: app.databasePath,
        schemaVersion: schemaVersion(app.db),
        nativeDialogs: app.host.pickPaths !== undefined,
      }),
    'settings.get': async () => ok(settingsView(app)),
    'settings.set': async (patch) => {
      const r = app.settings.update(patch);
      if (!r.ok) return r;
      const view = settingsView(app);
      app.events.emit({ type: 'settings-changed', view });
      return ok(view);
    },
    'dialog.pick': async (req) => {
      if (!app.host.pickPaths) return fail('no native file dialog in the browser: type the path instead');
      return ok(await app.host.pickPaths(req));
    },
  };
}
