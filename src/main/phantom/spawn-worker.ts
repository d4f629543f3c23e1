import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/entry';

/** Starts the phantom's slice worker (dist/workers/phantom.js when built, the .ts from source). */
export function spawnPhantomWorker(): Worker {
  return spawnWorker('phantom', new URL('./phantom.worker.ts', import.meta.url), import.meta.url);
}
