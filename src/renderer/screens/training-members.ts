import type { CaseSummary, DatasetMember } from '../../shared/api';

export type Strength = 'strong' | 'weak' | 'none';

/**
 * A sensible first pick: a case with an accepted mask is strong (a real label), a case with
 * boxes is weak (the teacher labels it), anything else stays out. The user changes any row.
 */
export function suggestStrength(c: CaseSummary): Strength {
  if (c.status.acceptedMasks > 0) return 'strong';
  if (c.status.boxCount > 0) return 'weak';
  return 'none';
}

export function membersFrom(choice: ReadonlyMap<number, Strength>, existing: readonly DatasetMember[]): DatasetMember[] {
  const split = new Map(existing.map((m) => [m.seriesId, m.split]));
  const out: DatasetMember[] = [];
  for (const [seriesId, s] of choice) if (s !== 'none') out.push({ seriesId, strength: s, split: split.get(seriesId) ?? null });
  return out;
}

/** Curves of a job's metric points: one series per value name, in a fixed colour order. */
export function curvesOf(points: readonly { step: number; values: Record<string, number> }[]): { name: string; color: string; points: [number, number][] }[] {
  const colours = ['#ff9f1c', '#2ec4b6', '#e71d36', '#9b5de5', '#f15bb5', '#00bbf9'];
  const names = [...new Set(points.flatMap((p) => Object.keys(p.values)))].sort();
  return names.map((name, n) => ({
    name,
    color: colours[n % colours.length]!,
    points: points.filter((p) => name in p.values).map((p) => [p.step, p.values[name]!] as [number, number]),
  }));
}
