import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker's code lives. Built code runs `dist/workers/<name>.js` beside the bundle that
 * spawns it (every bundle sits flat in dist/). Source runs (vitest, tsx) run the `.ts` file.
 *
 * `sourceUrl` is the spawning module's `new URL('./<name>.worker.ts', import.meta.url)`.
 */
export function workerEntry(name: string, sourceUrl: URL, callerUrl: string): { file: string; fromSource: boolean } {
  if (callerUrl.endsWith('.ts')) return { file: fileURLToPath(sourceUrl), fromSource: true };
  return { file: fileURLToPath(new URL(`./workers/${name}.js`, callerUrl)), fromSource: false };
}

/**
 * Starts a worker thread on the built bundle, or from source on the `.ts` file. Node 20 resolves
 * a worker's own entry before an `--import tsx` in its execArgv could apply ("Unknown file
 * extension .ts"), so source runs start from a one-line module that registers tsx's loader and
 * then imports the entry. Tests therefore exercise the same worker code without a build.
 */
export function spawnWorker(name: string, sourceUrl: URL, callerUrl: string, options: WorkerOptions = {}): Worker {
  const { file, fromSource } = workerEntry(name, sourceUrl, callerUrl);
  if (!fromSource) return new Worker(file, options);
  const url = JSON.stringify(pathToFileURL(file).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); });`;
  return new Worker(boot, { ...options, eval: true });
}
