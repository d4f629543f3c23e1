import { describe, expect, it } from 'vitest';
import { createGeometry, indexToWorld, sameGeometry, worldToIndex } from '../../../src/shared/volume/geometry';
import { unwrap } from '../../../src/shared/result';

describe('createGeometry', () => {
  it('refuses NaN, zero or negative spacing', () => {
    for (const spacing of [[NaN, 1, 1], [0, 1, 1], [1, -1, 1]]) {
      const r = createGeometry({ dims: [2, 2, 2], spacing });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/spacing/);
    }
  });

  it('refuses a singular or non-unit direction and bad dims', () => {
    expect(createGeometry({ dims: [2, 2, 2], spacing: [1, 1, 1], direction: [1, 0, 0, 1, 0, 0, 0, 0, 1] }).ok).toBe(false);
    expect(createGeometry({ dims: [2, 2, 2], spacing: [1, 1, 1], direction: [2, 0, 0, 0, 1, 0, 0, 0, 1] }).ok).toBe(false);
    expect(createGeometry({ dims: [2, 0, 2], spacing: [1, 1, 1] }).ok).toBe(false);
    expect(createGeometry({ dims: [2, 2.5, 2], spacing: [1, 1, 1] }).ok).toBe(false);
  });

  it('maps index to world and back through an oblique, flipped direction', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const g = unwrap(createGeometry({ dims: [10, 20, 30], spacing: [0.7, 0.8, 2.5], origin: [-100, 50, 12], direction: [c, -s, 0, s, c, 0, 0, 0, -1] }));
    const w = indexToWorld(g, [3, 4, 5]);
    expect(w[0]).toBeCloseTo(-100 + c * 2.1 - s * 3.2, 10);
    expect(w[2]).toBeCloseTo(12 - 12.5, 10);
    const back = worldToIndex(g, w);
    back.forEach((x, i) => expect(x).toBeCloseTo([3, 4, 5][i]!, 10));
  });

  it('sameGeometry compares world positions of corners', () => {
    const a = unwrap(createGeometry({ dims: [4, 4, 4], spacing: [1, 1, 1] }));
    const b = unwrap(createGeometry({ dims: [4, 4, 4], spacing: [1, 1, 1], origin: [0, 0, 0.00001] }));
    const c = unwrap(createGeometry({ dims: [4, 4, 4], spacing: [1, 1, 1.001] }));
    expect(sameGeometry(a, b)).toBe(true);
    expect(sameGeometry(a, c)).toBe(false);
  });
});
