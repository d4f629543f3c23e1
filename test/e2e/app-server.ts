import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEV_WEB = resolve(ROOT, 'dist/dev-web.js');

export interface AppServer {
  readonly pageUrl: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  /** Everything the server printed on stderr (job notes, errors), for failure messages. */
  readonly log: string[];
  stop(): Promise<void>;
}

export function hasBuiltApp(): boolean {
  return existsSync(DEV_WEB) && existsSync(resolve(ROOT, 'dist/renderer/index.html'));
}

export const MISSING_APP = `skipped: ${DEV_WEB} or dist/renderer is absent (run npm run build first)`;

/**
 * Starts the real workstation core (database, jobs in worker processes) behind the loopback
 * bridge on a fresh data folder, exactly as `npm run dev:web` does, and resolves with its URL.
 */
export function startAppServer(dataDir: string, extraArgs: string[] = []): Promise<AppServer> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, [DEV_WEB, '--data', dataDir, '--json', ...extraArgs], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dev-web did not start within 60 s:\n${log.join('')}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev-web exited with ${code}:\n${log.join('')}`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line) as { pageUrl: string; origin: string; token: string; dataDir: string };
      resolvePromise({
        ...info,
        log,
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
      });
    });
  });
}
