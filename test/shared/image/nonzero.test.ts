import { describe, expect, it } from 'vitest';
import { forEachNonZeroSpan } from '../../../src/shared/image/nonzero';

function visited(labels: Uint8Array): number[] {
  const out: number[] = [];
  forEachNonZeroSpan(labels, (start, end) => {
    expect(start).toBeGreaterThanOrEqual(out.length > 0 ? out[out.length - 1]! + 1 : 0);
    for (let q = start; q < end; q++) if (labels[q] !== 0) out.push(q);
  });
  return out;
}

describe('forEachNonZeroSpan', () => {
  it('visits every non-zero voxel once, in order, across word boundaries and a ragged tail', () => {
    const labels = new Uint8Array(23);
    for (const q of [0, 3, 4, 9, 15, 16, 21, 22]) labels[q] = q % 3 === 0 ? 2 : 1;
    expect(visited(labels)).toEqual([0, 3, 4, 9, 15, 16, 21, 22]);
  });

  it('gives the same on an unaligned view (no word skipping) as on an aligned copy', () => {
    const backing = new Uint8Array(41);
    for (let q = 0; q < backing.length; q++) backing[q] = q % 7 === 0 || q % 11 === 0 ? 1 : 0;
    const view = backing.subarray(1);
    expect(visited(view)).toEqual(visited(view.slice()));
    expect(visited(view)).toEqual(Array.from(view.keys()).filter((q) => view[q] !== 0));
  });

  it('leaves out the all-zero words: an empty aligned mask gives no range, a sparse one short ones', () => {
    const spans: [number, number][] = [];
    forEachNonZeroSpan(new Uint8Array(64), (a, b) => spans.push([a, b]));
    expect(spans).toEqual([]);
    const labels = new Uint8Array(64);
    labels[2] = labels[5] = labels[40] = 1;
    forEachNonZeroSpan(labels, (a, b) => spans.push([a, b]));
    expect(spans).toEqual([[0, 8], [40, 44]]);
  });
});
