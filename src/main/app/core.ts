import type { DialogPickSchema, DialogPickInputSchema } from '../../shared/api';
import type { z } from 'zod';
import type { BlobStore } from '../db/blobs';
import type { Db } from '../db/connection';
import type { JobRunner } from '../jobs/runner';
import type { SettingsStore } from '../settings/store';
import type { EventBus } from './events';

/** What differs between the Electron app and the loopback bridge. */
export interface HostCapabilities {
  readonly host: 'electron' | 'bridge';
  /** Native open/save dialogs; absent in a browser. */
  readonly pickPaths?: (request: z.infer<typeof DialogPickInputSchema>) => Promise<z.infer<typeof DialogPickSchema>>;
}

/** Everything the request handlers work on. */
export interface AppCore {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly dataDir: string;
  readonly databasePath: string;
  readonly modelsDir: string;
  readonly settings: SettingsStore;
  readonly runner: JobRunner;
  readonly events: EventBus;
  readonly host: HostCapabilities;
  /** Execution providers onnxruntime reports on this machine. */
  readonly executionProviders: readonly string[];
}
