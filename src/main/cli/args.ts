import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict argument parsing shared by every command: unknown flags and missing values are usage
 * errors (exit 2), never silently ignored. `--json` is handled by the dispatcher.
 */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, positionals: { min: number; max: number }) {
  let parsed;
  try {
    parsed = parseArgs({ args: args.filter((a) => a !== '--json'), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(
      positionals.min === positionals.max
        ? `expected ${positionals.min} argument(s), got ${n}`
        : `expected ${positionals.min} to ${positionals.max} arguments, got ${n}`,
    );
  }
  return parsed;
}

/** A required string option; absent means a usage error naming the flag. */
export function requireOption(value: string | boolean | (string | boolean)[] | undefined, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing required option --${flag}`);
  return value;
}

/** A numeric option with bounds; a malformed number is a usage error. */
export function numberOption(value: unknown, flag: string, fallback: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a number${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}, got "${String(value)}"`);
  }
  return n;
}

/** An integer option with bounds. */
export function intOption(value: unknown, flag: string, fallback: number, min = -Infinity, max = Infinity): number {
  const n = numberOption(value, flag, fallback, min, max);
  if (!Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number, got "${String(value)}"`);
  return n;
}

/** An option restricted to a set of words. */
export function choiceOption<T extends string>(value: unknown, flag: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${String(value)}"`);
  }
  return value as T;
}
