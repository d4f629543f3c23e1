import { dirname, relative, isAbsolute } from 'node:path';

/** The deepest folder holding all the files (where a DICOM series can be re-read from). */
export function commonDir(files: readonly string[]): string {
  let dir = dirname(files[0] ?? '.');
  for (const f of files) {
    for (;;) {
      const rel = relative(dir, f);
      if (!rel.startsWith('..') && !isAbsolute(rel)) break;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return dir;
}
