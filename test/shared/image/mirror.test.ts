import { describe, expect, it } from 'vitest';
import { mirrorVolume } from '../../../src/shared/image/mirror';

describe('mirrorVolume', () => {
  const dims = [4, 3, 2] as const;
  const data = Float32Array.from({ length: 24 }, (_, q) => q);
  const at = (i: number, j: number, k: number) => i + 4 * (j + 3 * k);
  it('mirrors along each axis and any combination, and undoes itself', () => {
    for (const axes of [[0], [1], [2], [0, 1], [0, 1, 2]] as (0 | 1 | 2)[][]) {
      const m = mirrorVolume(data, dims, axes);
      for (let k = 0; k < 2; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 4; i++) {
        const src = at(axes.includes(0) ? 3 - i : i, axes.includes(1) ? 2 - j : j, axes.includes(2) ? 1 - k : k);
        expect(m[at(i, j, k)]).toBe(src);
      }
      expect([...mirrorVolume(m, dims, axes)]).toEqual([...data]);
    }
    expect([...mirrorVolume(data, dims, [])]).toEqual([...data]);
  });
  it('refuses data that does not fit its dimensions', () => {
    expect(() => mirrorVolume(new Float32Array(5), dims, [0])).toThrow(/5 values for 4x3x2/);
  });
});
