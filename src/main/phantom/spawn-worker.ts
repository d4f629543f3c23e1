import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workers/entry';

/**
 * Starts the phantom's slice worker. Built code runs dist/workers/phantom.js. From source
 * (vitest, tsx) the worker must load TypeScript: Node 20 ignores `--import tsx` in a worker's
 * execArgv ("Unknown file extension .ts"), so the worker is started from a tiny ES module that
 * registers tsx's loader and then imports the .ts entry.
 */
export function spawnPhantomWorker(): Worker {
  const entry = workerEntry('phantom', new URL('./phantom.worker.ts', import.meta.url), import.meta.url);
  if (!entry.file.endsWith('.ts')) return new Worker(entry.file, { execArgv: entry.execArgv });
  const url = JSON.stringify(pathToFileURL(entry.file).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`;
  return new Worker(boot, { eval: true });
}
