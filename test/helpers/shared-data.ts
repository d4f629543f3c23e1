import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The real files written by others, beside the checkout (see ../shared/data/README.md). */
export const SHARED_DATA = resolve(__dirname, '../../../shared/data');

/**
 * Path to a file under ../shared/data, or undefined when the folder is absent (a fresh clone
 * without it); tests then skip with a message that names what is missing.
 */
export function sharedData(...parts: string[]): string | undefined {
  const p = join(SHARED_DATA, ...parts);
  return existsSync(p) ? p : undefined;
}

export function missingDataMessage(...parts: string[]): string {
  return `skipped: ${join(SHARED_DATA, ...parts)} is absent (real test data lives in ../shared/data)`;
}
