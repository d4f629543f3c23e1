import { readFileSync } from 'node:fs';

/**
 * A JSON file this program wrote earlier (a resume record, a cache's meta), or undefined when it
 * is missing or unreadable: the caller then redoes the work that would have written it.
 */
export function readJsonIfPresent<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
