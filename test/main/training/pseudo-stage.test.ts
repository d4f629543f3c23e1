import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoreProgress } from '../../../src/shared/job';
import { unwrap } from '../../../src/shared/result';
import { loadModelFile } from '../../../src/main/engine/model-file';
import { pseudoLabel, type WeakCaseFiles } from '../../../src/main/training/pseudo-stage';
import { writePhantomFiles } from '../../helpers/phantom-files';
import { tempDir } from '../../helpers/tmp';
import { writeModelFile } from '../app/helpers';

// A resumed pseudo-labelling keeps the labels of the teacher that asked for them and remakes
// another teacher's (a teacher extended after labelling must not leave students old labels).
describe('pseudoLabel: resuming a folder', () => {
  const dir = tempDir();
  let cases: WeakCaseFiles[];
  const signal = new AbortController().signal;

  beforeAll(async () => {
    const { ct, boxes } = await writePhantomFiles(dir, 43);
    cases = [{ id: 'w43', ct, boxes }];
  });

  it('reuses its own teacher\'s labels and relabels for another teacher', async () => {
    const a = unwrap(loadModelFile(writeModelFile(dir, 'a', 1)));
    const b = unwrap(loadModelFile(writeModelFile(dir, 'b', 2)));
    const out = join(dir, 'pseudo');
    const lines: string[] = [];
    const echo = (l: string) => lines.push(l);
    unwrap(await pseudoLabel(cases, a, out, 1, ignoreProgress, signal, echo));
    const record = join(out, 'w43.json');
    const planted = { ...JSON.parse(readFileSync(record, 'utf8')), confidence: 0.123456 };
    writeFileSync(record, JSON.stringify(planted));

    const again = unwrap(await pseudoLabel(cases, a, out, 1, ignoreProgress, signal, echo));
    expect(again[0]!.confidence).toBe(0.123456);
    expect(lines.some((l) => l.includes('labelling again'))).toBe(false);

    const other = unwrap(await pseudoLabel(cases, b, out, 1, ignoreProgress, signal, echo));
    expect(other[0]!.confidence).not.toBe(0.123456);
    expect(lines.filter((l) => l.includes('labelling again'))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'teacher.stamp.json'), 'utf8')).teacherSha256).toBe(b.card.paramsSha256);
  });
});
