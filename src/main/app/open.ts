import { fail, ok, type Result } from '../../shared/result';
import { BlobStore } from '../db/blobs';
import { openDatabase } from '../db/connection';
import { dataPaths } from '../db/paths';
import { createForkExecutor } from '../jobs/fork-executor';
import { createInlineExecutor } from '../jobs/inline-executor';
import { jobKindMap } from '../jobs/registry';
import { JobRunner } from '../jobs/runner';
import { SettingsStore } from '../settings/store';
import type { AppCore, HostCapabilities } from './core';
import { createDispatch, createHandlers, type Dispatch } from './dispatch';
import { EventBus } from './events';
import { registerShippedModels } from './shipped-models';

export interface OpenAppOptions {
  /** The data folder; default: the settings' dataDir. One of the two must be given. */
  readonly dataDir?: string;
  readonly settingsPath: string;
  readonly host: HostCapabilities;
  /** fork (default): jobs in worker processes; inline: in this process (CLI, tests). */
  readonly executor?: 'fork' | 'inline';
  /** Folder of shipped models (*.onnx + card) registered at start. */
  readonly shippedModelsDir?: string;
  readonly executionProviders?: readonly string[];
}

export interface App {
  readonly core: AppCore;
  readonly dispatch: Dispatch;
  /** Start-up notes for the user (unusable settings file, jobs interrupted by a crash). */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

/**
 * Opens the app on a data folder: database (migrated), blob store (old orphans swept), job
 * runner (jobs interrupted by a crash marked so), shipped models registered, handlers bound.
 */
export async function openApp(o: OpenAppOptions): Promise<Result<App>> {
  const settings = new SettingsStore(o.settingsPath);
  const dataDir = o.dataDir ?? settings.get().dataDir;
  if (!dataDir) return fail('no data folder: pass one or set dataDir in the settings');
  const paths = dataPaths(dataDir);
  const db = openDatabase(paths.database);
  if (!db.ok) return db;
  const blobs = new BlobStore(db.value, paths.blobs);
  const notices: string[] = [...settings.warnings];
  try {
    blobs.sweep();
  } catch (e) {
    notices.push(`could not tidy unreferenced files in ${paths.blobs}: ${(e as Error).message}`);
  }
  const events = new EventBus();
  const kinds = jobKindMap();
  const executor = o.executor === 'inline' ? createInlineExecutor(db.value, blobs, dataDir, kinds) : createForkExecutor({ dataDir });
  const compute = () => ({ executionProvider: settings.get().executionProvider, threads: settings.get().threads });
  const runner = new JobRunner({ db: db.value, kinds, executor, emit: (e) => events.emit(e), compute });
  const interrupted = runner.recover();
  if (interrupted.length) notices.push(`${interrupted.length} job(s) were interrupted when LungTS last stopped: ${interrupted.join(', ')}`);
  const core: AppCore = {
    db: db.value, blobs, dataDir, databasePath: paths.database, modelsDir: paths.models, settings, runner, events, host: o.host,
    executionProviders: o.executionProviders ?? ['cpu'],
  };
  if (o.shippedModelsDir) notices.push(...registerShippedModels(core, o.shippedModelsDir));
  return ok({
    core,
    dispatch: createDispatch(createHandlers(core)),
    notices,
    async close() {
      await runner.close();
      db.value.close();
    },
  });
}
