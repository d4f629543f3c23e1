import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFolder, fileSha256, sameStamp } from '../../../src/main/fs/stamp';
import { tempDir } from '../../helpers/tmp';

describe('stamps', () => {
  const dir = tempDir();

  it('match on every wanted field, whatever else the found one holds', () => {
    expect(sameStamp({ a: 'x', b: 1, extra: true }, { a: 'x', b: 1 })).toBe(true);
    expect(sameStamp({ a: 'x', b: 2 }, { a: 'x', b: 1 })).toBe(false);
    expect(sameStamp({ a: 'x' }, { a: 'x', b: null })).toBe(false);
    expect(sameStamp(undefined, { a: 'x' })).toBe(false);
    expect(sameStamp('a', { a: 'x' })).toBe(false);
  });

  it('claiming a folder deletes only its owned files, and only under another stamp', () => {
    const f = join(dir, 'claimed');
    const owned = new Set(['c1.json', 'c2.json']);
    expect(claimFolder(f, 'stamp.json', { model: 'a' }, owned)).toEqual([]);
    for (const name of ['c1.json', 'notes.txt']) writeFileSync(join(f, name), '{}');
    expect(claimFolder(f, 'stamp.json', { model: 'a' }, owned)).toEqual([]);
    expect(existsSync(join(f, 'c1.json'))).toBe(true);
    expect(claimFolder(f, 'stamp.json', { model: 'b' }, owned)).toEqual(['c1.json']);
    expect(existsSync(join(f, 'c1.json'))).toBe(false);
    expect(existsSync(join(f, 'notes.txt'))).toBe(true);
    expect(JSON.parse(readFileSync(join(f, 'stamp.json'), 'utf8'))).toEqual({ model: 'b' });
  });

  it('a damaged stamp counts as none', () => {
    const f = join(dir, 'damaged');
    claimFolder(f, 'stamp.json', { model: 'a' }, new Set(['c1.json']));
    writeFileSync(join(f, 'c1.json'), '{}');
    writeFileSync(join(f, 'stamp.json'), '{"model":');
    expect(claimFolder(f, 'stamp.json', { model: 'a' }, new Set(['c1.json']))).toEqual(['c1.json']);
  });

  it('hashes a file by its bytes, and gives null for a missing one', () => {
    writeFileSync(join(dir, 'abc.txt'), 'abc');
    expect(fileSha256(join(dir, 'abc.txt'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(fileSha256(join(dir, 'none.txt'))).toBeNull();
  });
});
