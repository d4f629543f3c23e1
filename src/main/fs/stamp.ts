import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic';
import { readJsonIfPresent } from './read-json';

/**
 * A stamp says what a folder's (or a file's) resumable results were made from: a model's
 * weights, a label's bytes, the options. Work found under another stamp, or under none (an
 * older version wrote no stamp), is redone: reusing it would mix two models' results.
 */
export type Stamp = Readonly<Record<string, string | number | boolean | null>>;

/** True when `found` holds every field of `want` with the same value (a file on disk is not trusted to be whole). */
export function sameStamp(found: unknown, want: Stamp): boolean {
  if (typeof found !== 'object' || found === null) return false;
  const f = found as Record<string, unknown>;
  return Object.keys(want).every((k) => f[k] === want[k]);
}

/**
 * Makes `dir` hold results of `stamp` only: unless its stamp file already says so, the files
 * named in `owned` that exist are deleted (nothing else in the folder is touched), then the
 * stamp is written. Returns the names deleted, so the caller can say why it starts over.
 */
export function claimFolder(dir: string, stampFile: string, stamp: Stamp, owned: ReadonlySet<string>): string[] {
  mkdirSync(dir, { recursive: true });
  let removed: string[] = [];
  if (!sameStamp(readJsonIfPresent<unknown>(join(dir, stampFile)), stamp)) {
    removed = readdirSync(dir).filter((f) => owned.has(f));
    for (const f of removed) rmSync(join(dir, f), { force: true });
  }
  writeFileAtomic(join(dir, stampFile), JSON.stringify(stamp));
  return removed;
}

/** The sha256 of a file's bytes, or null when there is no file to read. */
export function fileSha256(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}
