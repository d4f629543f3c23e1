import { fork } from 'node:child_process';
import { fail, type Result } from '../../shared/result';
import { fileURLToPath } from 'node:url';
import type { JobExecutor } from './executor';
import type { HostCommand, HostReport } from './protocol';

export interface ForkExecutorOptions {
  readonly dataDir: string;
  /** How long a cancelled job may take to stop before its process is killed. */
  readonly cancelGraceMs?: number;
  /** Extra V8 flags for the worker, e.g. a heap limit. */
  readonly execArgv?: readonly string[];
}

/**
 * The job host's file. Built, it is dist/job-host.js, flat beside the bundle that forks it (not
 * in dist/workers/) so that the worker threads it starts in turn (DICOM decoding, image
 * kernels) resolve their dist/workers/<name>.js as from any other bundle. From source (tests,
 * tsx) the .ts file runs through tsx's loader.
 */
function hostEntry(): { file: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.ts')) return { file: fileURLToPath(new URL('./job-host.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  return { file: fileURLToPath(new URL('./job-host.js', import.meta.url)), execArgv: [] };
}

/**
 * Runs each job in a fresh worker process (child_process.fork of the job host). The
 * process has its own database connection; if it runs out of memory or crashes, the job
 * fails with a message and the app carries on. Under Electron, ELECTRON_RUN_AS_NODE makes the
 * app's own binary act as Node for the child.
 */
export function createForkExecutor(options: ForkExecutorOptions): JobExecutor {
  return {
    execute(req, hooks, signal) {
      const entry = hostEntry();
      const child = fork(entry.file, [], {
        execArgv: [...entry.execArgv, ...(options.execArgv ?? [])],
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-4000);
      });
      child.stdout?.resume();
      return new Promise<Result<unknown>>((resolve) => {
        let result: Result<unknown> | undefined;
        let killTimer: NodeJS.Timeout | undefined;
        const send = (cmd: HostCommand) => {
          if (child.connected) child.send(cmd);
        };
        const onAbort = () => {
          send({ type: 'cancel' });
          killTimer = setTimeout(() => child.kill('SIGKILL'), options.cancelGraceMs ?? 15_000);
        };
        child.on('message', (raw) => {
          const m = raw as HostReport;
          if (m.type === 'progress') hooks.onProgress(m.progress);
          else if (m.type === 'log') hooks.onLog(m.entry);
          else if (m.type === 'metric') hooks.onMetric(m.point);
          else if (m.type === 'checkpoint') hooks.onCheckpoint(m.step);
          else if (m.type === 'notify') hooks.onNotify(m.event);
          else if (m.type === 'done') result = m.result;
        });
        child.on('error', (e) => {
          result ??= fail(`cannot start the job's worker process: ${e.message}`);
        });
        child.on('exit', (code, sig) => {
          signal.removeEventListener('abort', onAbort);
          if (killTimer) clearTimeout(killTimer);
          if (result) return resolve(result);
          if (signal.aborted) return resolve(fail('cancelled'));
          const how = sig ? `was killed (${sig})` : `exited with code ${code}`;
          const oom = /heap out of memory|Allocation failed/i.test(stderr) ? ' because it ran out of memory' : '';
          const tail = oom ? '' : stderr.trim().split('\n').slice(-3).join(' | ');
          resolve(fail(`the job's worker process ${how}${oom}; the app itself is unaffected${tail ? ` (${tail})` : ''}`));
        });
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        send({ type: 'start', jobId: req.jobId, kind: req.kind, input: req.input, dataDir: options.dataDir, compute: req.compute });
      });
    },
  };
}
