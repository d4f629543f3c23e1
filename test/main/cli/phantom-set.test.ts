import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNifti } from '../../../src/main/io/nifti/read';
import { parseDatasetManifest, type DatasetManifest } from '../../../src/shared/dataset/manifest';
import { unwrap } from '../../../src/shared/result';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const lungts = cliRunner(dir);

describe('lungts phantom-set', () => {
  let m: DatasetManifest;

  beforeAll(() => {
    const r = lungts('phantom-set', '--strong', '2', '--weak', '2', '--test', '1', '--seed', '4', '--size', 'small', '--out', 'set', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).cases).toBe(5);
    m = unwrap(parseDatasetManifest(JSON.parse(readFileSync(join(dir, 'set', 'manifest.json'), 'utf8'))));
  });

  it('lists the requested cases per role, each patient in one role only', () => {
    expect(m.cases.filter((c) => c.role === 'strong')).toHaveLength(2);
    expect(m.cases.filter((c) => c.role === 'weak')).toHaveLength(2);
    expect(m.cases.filter((c) => c.role === 'test')).toHaveLength(1);
    const roles = new Map<string, Set<string>>();
    for (const c of m.cases) roles.set(c.patientId, (roles.get(c.patientId) ?? new Set()).add(c.role));
    for (const r of roles.values()) expect(r.size).toBe(1);
  });

  it('keeps weak cases\' masks out of their case folders and gives every other case its mask', () => {
    for (const c of m.cases) {
      for (const f of [c.ct, c.lungs, c.boxes]) expect(existsSync(join(dir, 'set', f)), f).toBe(true);
      if (c.role === 'weak') {
        expect(c.mask).toBeUndefined();
        expect(existsSync(join(dir, 'set', 'cases', c.id, 'tumor.nii.gz'))).toBe(false);
        expect(c.heldOutMask!.startsWith('heldout/')).toBe(true);
        expect(existsSync(join(dir, 'set', c.heldOutMask!))).toBe(true);
        expect(c.tumors.length).toBeGreaterThanOrEqual(1);
      } else {
        const mask = unwrap(readNifti(join(dir, 'set', c.mask!))).volume;
        const labels = new Set(mask.data);
        labels.delete(0);
        expect([...labels].sort()).toEqual(c.tumors.map((t) => t.label).sort());
        expect(mask.dims).toEqual(c.dims);
      }
    }
  });

  it('refuses a missing count with exit 2', () => {
    expect(lungts('phantom-set', '--strong', '1', '--test', '1', '--seed', '1', '--out', 'x').code).toBe(2);
  });
});
