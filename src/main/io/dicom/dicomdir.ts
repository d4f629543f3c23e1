import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';
import { readDicomFile } from './parse-file';
import { TAG } from './tags';
import { items, str } from './values';

export interface DicomdirFiles {
  /** Referenced files that exist on disk, resolved case-insensitively (ISO 9660 media are upper case). */
  readonly files: string[];
  /** Referenced files that are absent: the DICOMDIR is stale. */
  readonly missing: string[];
}

/** Finds a path component by exact, then case-insensitive, name. */
function resolveComponent(dir: string, name: string): string | undefined {
  const exact = join(dir, name);
  if (existsSync(exact)) return exact;
  try {
    const hit = readdirSync(dir).find((e) => e.toUpperCase() === name.toUpperCase());
    return hit === undefined ? undefined : join(dir, hit);
  } catch {
    return undefined;
  }
}

/** Lists the files a DICOMDIR references (ReferencedFileID, components joined by backslashes). */
export function readDicomdir(path: string): Result<DicomdirFiles> {
  const parsed = readDicomFile(path);
  if (!parsed.ok) return parsed;
  const records = items(parsed.value.dataSet, TAG.directoryRecordSequence);
  if (records.length === 0 && !parsed.value.dataSet.elements[TAG.directoryRecordSequence]) {
    return fail(`${path}: DICOMDIR without a directory record sequence`);
  }
  const root = dirname(path);
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const id = str(record, TAG.referencedFileId);
    if (!id) continue;
    const parts = id.split('\\').map((p) => p.trim()).filter((p) => p !== '');
    let at: string | undefined = root;
    for (const p of parts) at = at === undefined ? undefined : resolveComponent(at, p);
    const shown = join(root, ...parts);
    if (at === undefined) missing.push(shown);
    else if (!seen.has(at)) {
      seen.add(at);
      files.push(at);
    }
  }
  return ok({ files, missing });
}
