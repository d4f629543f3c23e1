import { readFileSync } from 'node:fs';
import { throttleProgress, type ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';

/** Progress lines on stderr for long CLI commands, at most one per `intervalMs` and per stage change. */
export function stderrProgress(stderr: (t: string) => void, intervalMs = 2000): ProgressSink {
  return throttleProgress((p) => stderr(`[${(p.fraction * 100).toFixed(1).padStart(5)}%] ${p.stage}: ${p.message}\n`), intervalMs);
}

/** Reads a JSON options file (partial run configuration). */
export function readJsonFile(path: string): Result<unknown> {
  try {
    return ok(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  } catch (e) {
    return fail(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not readable JSON (${(e as Error).message})`}`);
  }
}
