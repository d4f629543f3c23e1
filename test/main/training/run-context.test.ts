import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrStartConfig } from '../../../src/main/training/run-context';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';

describe('loadOrStartConfig', () => {
  it('fixes how a run trains when it starts; a resume may change only its length, the kept epochs, threads and students', () => {
    const out = join(tempDir('lungts-ctx-'), 'run');
    const lines: string[] = [];
    const first = unwrap(loadOrStartConfig(out, { student: { lr: 5e-4, maxEpochs: 20 } }, (l) => lines.push(l)));
    expect(first.student.keepEpochWeights).toBe(false);
    const next = unwrap(loadOrStartConfig(out, { student: { lr: 1, maxEpochs: 24, keepEpochWeights: true } }, (l) => lines.push(l)));
    expect(next.student).toMatchObject({ lr: 5e-4, maxEpochs: 24, keepEpochWeights: true });
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'))).toMatchObject({ student: { lr: 5e-4, maxEpochs: 24, keepEpochWeights: true } });
    expect(lines.at(-1)).toMatch(/applied the new epoch limits, patience, kept epochs, threads or students, ignored any other option/);
  });
});
