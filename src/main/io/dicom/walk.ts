import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * Every regular file under `path` (or `path` itself when it is a file), sorted for stable
 * output. Symbolic links to folders are not followed, so a link loop cannot trap the walk.
 */
export async function listFiles(path: string, signal?: AbortSignal): Promise<Result<string[]>> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    return fail(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read (${String(e)})`}`);
  }
  if (info.isFile()) return ok([path]);
  if (!info.isDirectory()) return fail(`${path}: neither a file nor a folder`);
  const out: string[] = [];
  const stack = [path];
  while (stack.length > 0) {
    if (signal?.aborted) return fail('cancelled');
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // an unreadable sub-folder is skipped, as a file manager would
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() || (e.isSymbolicLink() && (await stat(p).then((s) => s.isFile(), () => false)))) out.push(p);
    }
  }
  return ok(out.sort());
}

export function isDicomdirName(file: string): boolean {
  return basename(file).toUpperCase() === 'DICOMDIR';
}
