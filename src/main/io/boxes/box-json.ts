import { readFileSync } from 'node:fs';
import { boxSetToJson, parseBoxSet } from '../../../shared/boxes/schema';
import type { BoxSet } from '../../../shared/boxes/types';
import { fail, withContext, type Result } from '../../../shared/result';
import { writeFileAtomic } from '../../fs/atomic';

/** Reads and validates a boxes.json file; every failure names the file and the problem. */
export function readBoxSet(path: string): Result<BoxSet> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return withContext(parseBoxSet(value), path);
}

/**
 * Writes a box set atomically (a crash leaves the old file or the new one, never half of
 * one). The set is validated first so that no file this program writes fails to read back.
 */
export function writeBoxSet(path: string, set: BoxSet): Result<void> {
  const text = boxSetToJson(set);
  const check = parseBoxSet(JSON.parse(text));
  if (!check.ok) return fail(`refusing to write ${path}: ${check.error}`);
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    return fail(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return { ok: true, value: undefined };
}
