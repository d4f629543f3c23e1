import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/api';
import { unwrap } from '../../../src/shared/result';
import { SettingsStore } from '../../../src/main/settings/store';
import { tempDir } from '../../helpers/tmp';

describe('settings store', () => {
  const dir = tempDir();

  it('starts from defaults and saves validated changes atomically', () => {
    const path = join(dir, 'a', 'settings.json');
    const s = new SettingsStore(path);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(existsSync(path)).toBe(false);
    unwrap(s.update({ executionProvider: 'cuda', threads: 4, dataDir: '/data/lungts', defaultModels: { student: 'student-do' } }));
    const onDisk = JSON.parse(readFileSync(path, 'utf8'));
    expect(onDisk).toEqual({ version: 1, executionProvider: 'cuda', threads: 4, dataDir: '/data/lungts', defaultModels: { teacher: null, student: 'student-do' } });
    expect(new SettingsStore(path).get()).toEqual(onDisk);
    expect(readdirSync(join(dir, 'a'))).toEqual(['settings.json']); // no temporaries left
  });

  it('refuses invalid values and keeps the file as it was', () => {
    const path = join(dir, 'b.json');
    const s = new SettingsStore(path);
    unwrap(s.update({ threads: 2 }));
    const before = readFileSync(path, 'utf8');
    for (const bad of [{ threads: -1 }, { threads: 1.5 }, { executionProvider: 'tpu' }, { dataDir: '' }]) {
      const r = s.update(bad as never);
      expect(r.ok).toBe(false);
    }
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(s.get().threads).toBe(2);
  });

  it('keeps an unusable file aside instead of losing it, and starts from defaults', () => {
    for (const [name, text, why] of [
      ['corrupt.json', '{"version": 1, "threads": ', /JSON|Unexpected|end/i],
      ['newer.json', JSON.stringify({ version: 7, threads: 3 }), /newer LungTS/],
      ['invalid.json', JSON.stringify({ ...DEFAULT_SETTINGS, threads: 'many' }), /threads/],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const s = new SettingsStore(path);
      expect(s.get()).toEqual(DEFAULT_SETTINGS);
      expect(s.warnings[0]).toMatch(why);
      const aside = readdirSync(dir).find((f) => f.startsWith(`${name}.unusable-`));
      expect(aside).toBeDefined();
      expect(readFileSync(join(dir, aside!), 'utf8')).toBe(text);
      expect(readFileSync(path, 'utf8')).toBe(text);
    }
  });
});
