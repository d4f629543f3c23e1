import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonIfPresent } from '../../../src/main/fs/read-json';
import { tempDir } from '../../helpers/tmp';

describe('readJsonIfPresent', () => {
  const dir = tempDir();
  it('reads a JSON file, and gives undefined for a missing or damaged one', () => {
    writeFileSync(join(dir, 'ok.json'), '{"a":1}');
    writeFileSync(join(dir, 'cut.json'), '{"a":');
    expect(readJsonIfPresent<{ a: number }>(join(dir, 'ok.json'))).toEqual({ a: 1 });
    expect(readJsonIfPresent(join(dir, 'cut.json'))).toBeUndefined();
    expect(readJsonIfPresent(join(dir, 'missing.json'))).toBeUndefined();
  });
});
