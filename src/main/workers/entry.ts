import { fileURLToPath } from 'node:url';

/**
 * Where a worker's code lives. Built code runs `dist/workers/<name>.js` beside the bundle that
 * spawns it (every bundle sits flat in dist/). Source runs (vitest, tsx) spawn the `.ts` file
 * through tsx's loader, so tests exercise the same worker code without a build.
 *
 * `sourceUrl` is the spawning module's `new URL('./<name>.worker.ts', import.meta.url)`.
 */
export function workerEntry(name: string, sourceUrl: URL, callerUrl: string): { file: string; execArgv: string[] } {
  if (callerUrl.endsWith('.ts')) {
    return { file: fileURLToPath(sourceUrl), execArgv: ['--import', 'tsx'] };
  }
  return { file: fileURLToPath(new URL(`./workers/${name}.js`, callerUrl)), execArgv: [] };
}
