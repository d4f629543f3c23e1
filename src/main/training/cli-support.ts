import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { intOption } from '../cli/args';
import { UsageError } from '../cli/command';
import { mergeConfig } from './config';
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

/**
 * Run-configuration overrides from the common flags (--config file, --epochs, --seed,
 * --threads, --students), merged in that order.
 */
export function runConfigOverrides(values: { config?: string | undefined; epochs?: string | undefined; seed?: string | undefined; threads?: string | undefined; students?: string | undefined }, cwd: string): Result<unknown> {
  let overrides: unknown = undefined;
  if (values.config !== undefined) {
    const c = readJsonFile(resolve(cwd, values.config));
    if (!c.ok) return c;
    overrides = c.value;
  }
  const patch: Record<string, unknown> = {};
  if (values.epochs !== undefined) {
    const n = intOption(values.epochs, 'epochs', 1, 1, 100_000);
    patch.teacher = { maxEpochs: n };
    patch.student = { maxEpochs: n };
  }
  if (values.seed !== undefined) patch.seed = intOption(values.seed, 'seed', 1);
  if (values.threads !== undefined) patch.threads = intOption(values.threads, 'threads', 1, 1, 256);
  if (values.students !== undefined) {
    const list = values.students.split(',').map((x) => x.trim());
    for (const x of list) if (!['baseline', 'so', 'do'].includes(x)) throw new UsageError(`--students takes baseline, so and do, got "${x}"`);
    patch.students = list;
  }
  return ok(Object.keys(patch).length > 0 ? mergeConfig(overrides ?? {}, patch) : overrides);
}
