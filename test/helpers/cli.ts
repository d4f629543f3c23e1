import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
/** The installed entry point (bin/lungts.js imports dist/cli.js): CLI tests run what users run. */
export const CLI = join(REPO, 'bin', 'lungts.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let built = false;

/**
 * `npm test` builds first; a bare vitest run builds here when the bundle is absent. A failed
 * build throws with esbuild's message rather than letting every test fail on a missing file.
 */
export function ensureBuilt(): void {
  if (built || existsSync(join(REPO, 'dist', 'cli.js'))) {
    built = true;
    return;
  }
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  built = true;
}

/** Runs the built `lungts` with `cwd` as its working folder (building it first if needed). */
export function cliRunner(cwd: string): (...args: string[]) => CliResult {
  return (...args) => {
    ensureBuilt();
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}
