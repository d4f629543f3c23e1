import { describe, expect, it } from 'vitest';
import { balancedEpoch, sizeBin } from '../../../src/main/training/balance';
import { extractPatch, NO_AUGMENT, startAround, unaugmentPatch, type Augment } from '../../../src/main/training/patch';
import { randomFor } from '../../../src/shared/random';
import { splitByPatient } from '../../../src/main/training/split';
import { unwrap } from '../../../src/shared/result';
import type { Vec3 } from '../../../src/shared/volume/mat3';

describe('splitByPatient', () => {
  const cases = Array.from({ length: 40 }, (_, n) => ({ id: `c${n}`, patientId: `p${Math.floor(n / 2)}` }));
  it('keeps every patient in one part, holds out 15% of patients for test, and is stable for a seed', () => {
    const s = unwrap(splitByPatient(cases, 7));
    const part = new Map<string, string>();
    for (const name of ['train', 'val', 'test'] as const) {
      for (const c of s[name]) {
        expect(part.get(c.patientId) ?? name).toBe(name);
        part.set(c.patientId, name);
      }
    }
    expect(new Set(s.test.map((c) => c.patientId)).size).toBe(3); // round(0.15 * 20)
    expect(s.train.length + s.val.length + s.test.length).toBe(40);
    expect(unwrap(splitByPatient([...cases].reverse(), 7)).test.map((c) => c.id).sort()).toEqual(s.test.map((c) => c.id).sort());
    expect(unwrap(splitByPatient(cases, 8)).test.map((c) => c.id).sort()).not.toEqual(s.test.map((c) => c.id).sort());
  });
  it('refuses a split that leaves nothing to train on', () => {
    const r = splitByPatient(cases.slice(0, 4), 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/2 patient\(s\)/);
  });
});

describe('balancedEpoch', () => {
  it('up-samples rare sizes to the most common bin and still draws every tumour', () => {
    const items = [...Array.from({ length: 9 }, () => ({ volumeMl: 10 })), { volumeMl: 0.1 }, { volumeMl: 50 }, { volumeMl: 60 }];
    const epoch = balancedEpoch(items, randomFor(1, 'e0'));
    const perBin = new Map<number, number>();
    for (const idx of epoch) perBin.set(sizeBin(items[idx]!.volumeMl), (perBin.get(sizeBin(items[idx]!.volumeMl)) ?? 0) + 1);
    expect([...perBin.entries()].sort()).toEqual([[0, 9], [2, 9], [3, 9]]);
    for (let idx = 0; idx < items.length; idx++) expect(epoch).toContain(idx);
    expect(balancedEpoch(items, randomFor(1, 'e0'))).toEqual(epoch);
  });
});

describe('extractPatch', () => {
  const dims: Vec3 = [6, 5, 4];
  const data = Float32Array.from({ length: 120 }, (_, q) => q);
  it('copies the box and pads outside the source', () => {
    const out = extractPatch({ data, dims }, [-1, 0, 3], [3, 2, 2], -9, NO_AUGMENT, new Float32Array(12));
    // slice k=3: rows j=0,1, columns i=-1..1; slice k=4 is outside.
    expect([...out]).toEqual([-9, 90, 91, -9, 96, 97, -9, -9, -9, -9, -9, -9]);
  });
  it('rotates and flips in the axial plane, and unaugmentPatch undoes it exactly', () => {
    const size: Vec3 = [4, 4, 2];
    const plain = extractPatch({ data, dims }, [1, 0, 1], size, 0, NO_AUGMENT, new Float32Array(32));
    for (const aug of [{ ...NO_AUGMENT, rot: 1 }, { ...NO_AUGMENT, rot: 3, flipJ: true }, { ...NO_AUGMENT, flipI: true }] as Augment[]) {
      const a = extractPatch({ data, dims }, [1, 0, 1], size, 0, aug, new Float32Array(32));
      expect([...a]).not.toEqual([...plain]);
      expect([...unaugmentPatch(a, size, aug)]).toEqual([...plain]);
    }
    const quarter = extractPatch({ data, dims }, [1, 0, 1], size, 0, { ...NO_AUGMENT, rot: 1 }, new Float32Array(32));
    const twice = extractPatch({ data, dims }, [1, 0, 1], size, 0, { ...NO_AUGMENT, rot: 2 }, new Float32Array(32));
    // Two quarter turns of the patch equal a half turn.
    expect([...unaugmentPatch(unaugmentPatch(twice, size, { ...NO_AUGMENT, rot: 1 }), size, { ...NO_AUGMENT, rot: 1 })]).toEqual([...plain]);
    expect(quarter[0]).toBe(plain[4 * 3]); // output (0,0) reads source (0, n-1)
  });
  it('keeps the centre inside the middle half of the patch', () => {
    const r = randomFor(3);
    for (let n = 0; n < 200; n++) {
      const s = startAround([50, 60, 70], [32, 32, 16], r);
      expect(50 - s[0]).toBeGreaterThanOrEqual(7);
      expect(50 - s[0]).toBeLessThanOrEqual(24);
      expect(70 - s[2]).toBeGreaterThanOrEqual(3);
      expect(70 - s[2]).toBeLessThanOrEqual(12);
    }
  });
});
