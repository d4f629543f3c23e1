import { randInt, shuffle, type Random } from '../../shared/random';

/**
 * Tumour-size balanced sampling (the paper up-samples rare sizes). Tumours fall into bins by
 * volume; each epoch every non-empty bin contributes as many draws as the fullest bin, the
 * rarer bins by repeating their tumours (every tumour at least once, the remainder drawn at
 * random), and the whole list is shuffled.
 */
export const SIZE_BINS_ML: readonly number[] = [0.5, 4, 30];

export function sizeBin(volumeMl: number, edges: readonly number[] = SIZE_BINS_ML): number {
  let b = 0;
  while (b < edges.length && volumeMl >= edges[b]!) b++;
  return b;
}

export function sizeBinLabel(bin: number, edges: readonly number[] = SIZE_BINS_ML): string {
  const lo = bin === 0 ? 0 : edges[bin - 1]!;
  const hi = edges[bin];
  return hi === undefined ? `>= ${lo} ml` : `${lo}-${hi} ml`;
}

export interface Sized {
  readonly volumeMl: number;
}

/** Indices into `items`, one epoch's worth, balanced across size bins and shuffled. */
export function balancedEpoch<T extends Sized>(items: readonly T[], r: Random, edges: readonly number[] = SIZE_BINS_ML): number[] {
  const bins = new Map<number, number[]>();
  items.forEach((it, idx) => {
    const b = sizeBin(it.volumeMl, edges);
    const list = bins.get(b);
    if (list) list.push(idx);
    else bins.set(b, [idx]);
  });
  let target = 0;
  for (const list of bins.values()) target = Math.max(target, list.length);
  const out: number[] = [];
  for (const b of [...bins.keys()].sort((x, y) => x - y)) {
    const list = bins.get(b)!;
    out.push(...list);
    for (let extra = list.length; extra < target; extra++) out.push(list[randInt(r, list.length)]!);
  }
  return shuffle(out, r);
}
