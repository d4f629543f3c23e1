import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoreProgress } from '../../../src/shared/job';
import { unwrap } from '../../../src/shared/result';
import { loadModelFile } from '../../../src/main/engine/model-file';
import { evaluateModel, type LabelledCase } from '../../../src/main/training/evaluate-stage';
import { writePhantomFiles } from '../../helpers/phantom-files';
import { tempDir } from '../../helpers/tmp';
import { writeModelFile } from '../app/helpers';

// An evaluation folder resumes case by case; its records must belong to the model and options
// that asked for them. Two untrained teachers (different weights) on one small phantom.
describe('evaluateModel: resuming a folder', () => {
  const dir = tempDir();
  let cases: LabelledCase[];
  const signal = new AbortController().signal;

  beforeAll(async () => {
    const { ct, mask, boxes } = await writePhantomFiles(dir, 41);
    cases = [{ id: 'p41', ct, mask, boxes }];
  });

  it('reuses its own records, and scores again for another model or other options', async () => {
    const a = unwrap(loadModelFile(writeModelFile(dir, 'a', 1)));
    const b = unwrap(loadModelFile(writeModelFile(dir, 'b', 2)));
    const out = join(dir, 'eval');
    const lines: string[] = [];
    const echo = (l: string) => lines.push(l);
    const first = unwrap(await evaluateModel('teacher', a, cases, out, {}, ignoreProgress, signal, echo));
    const record = join(out, 'p41.metrics.json');
    expect(existsSync(record)).toBe(true);

    // A planted figure survives a resume with the same model: the record is reused, not recomputed.
    const planted = { ...JSON.parse(readFileSync(record, 'utf8')), dice: 0.123456 };
    writeFileSync(record, JSON.stringify(planted));
    const again = unwrap(await evaluateModel('teacher', a, cases, out, {}, ignoreProgress, signal, echo));
    expect(again.cases[0]!.dice).toBe(0.123456);
    expect(lines.some((l) => l.includes('scoring again'))).toBe(false);

    // Another model: the planted figure is gone and the case is scored by the new weights.
    const other = unwrap(await evaluateModel('teacher', b, cases, out, {}, ignoreProgress, signal, echo));
    expect(other.cases[0]!.dice).not.toBe(0.123456);
    expect(lines.filter((l) => l.includes('scoring again'))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8')).paramsSha256).toBe(b.card.paramsSha256);

    // The same model with other options (the lung filter) is another evaluation too.
    writeFileSync(record, JSON.stringify({ ...other.cases[0], dice: 0.654321 }));
    const filtered = unwrap(await evaluateModel('teacher', b, cases, out, { lungFilter: true }, ignoreProgress, signal, echo));
    expect(filtered.cases[0]!.dice).not.toBe(0.654321);
    expect(first.cases[0]!.id).toBe('p41');
  });
});
