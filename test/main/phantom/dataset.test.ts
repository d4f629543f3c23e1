import { describe, expect, it } from 'vitest';
import { planDataset } from '../../../src/main/phantom/dataset';

describe('phantom dataset plan', () => {
  const plan = planDataset({ strong: 30, weak: 40, test: 12, seed: 5 });

  it('has exactly the requested number of cases per role', () => {
    expect(plan.filter((c) => c.role === 'strong')).toHaveLength(30);
    expect(plan.filter((c) => c.role === 'weak')).toHaveLength(40);
    expect(plan.filter((c) => c.role === 'test')).toHaveLength(12);
    expect(new Set(plan.map((c) => c.id)).size).toBe(plan.length);
  });

  it('keeps each patient in one role, and some patients have a second scan of the same anatomy', () => {
    const byPatient = new Map<string, typeof plan>();
    for (const c of plan) byPatient.set(c.patientId, [...(byPatient.get(c.patientId) ?? []), c]);
    let repeats = 0;
    for (const cases of byPatient.values()) {
      expect(new Set(cases.map((c) => c.role)).size).toBe(1);
      expect(new Set(cases.map((c) => c.patientSeed)).size).toBe(1);
      expect(cases.map((c) => c.scan)).toEqual(cases.map((_, i) => i));
      if (cases.length > 1) repeats++;
    }
    expect(repeats).toBeGreaterThan(3);
    expect(new Set([...byPatient.values()].map((c) => c[0]!.patientSeed)).size).toBe(byPatient.size);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(planDataset({ strong: 30, weak: 40, test: 12, seed: 5 })).toEqual(plan);
    expect(planDataset({ strong: 30, weak: 40, test: 12, seed: 6 })).not.toEqual(plan);
  });
});
