import { describe, expect, it } from 'vitest';
import { squaredDistance } from '../../../src/shared/image/distance';

function brute(mask: Uint8Array, dims: [number, number, number], sp: [number, number, number], planar: boolean): number[] {
  const [nx, ny, nz] = dims;
  const out: number[] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    let best = Infinity;
    for (let c = 0; c < nz; c++) for (let b = 0; b < ny; b++) for (let a = 0; a < nx; a++) {
      if (!mask[a + nx * (b + ny * c)] || (planar && c !== k)) continue;
      best = Math.min(best, ((a - i) * sp[0]) ** 2 + ((b - j) * sp[1]) ** 2 + ((c - k) * sp[2]) ** 2);
    }
    out.push(best);
  }
  return out;
}

describe('squaredDistance', () => {
  it('equals brute force on random sparse sets with anisotropic spacing, in 3D and per slice', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const density of [0.02, 0.2, 0.7]) {
      const dims: [number, number, number] = [9, 7, 5];
      const mask = new Uint8Array(9 * 7 * 5).map(() => (rand() < density ? 1 : 0));
      const sp: [number, number, number] = [0.7, 1.3, 2.5];
      for (const planar of [false, true]) {
        const got = squaredDistance(mask, dims, sp, { planar });
        const want = brute(mask, dims, sp, planar);
        want.forEach((w, q) => (w === Infinity ? expect(got[q]).toBe(Infinity) : expect(got[q]).toBeCloseTo(w, 3)));
      }
    }
  });

  it('measures to the complement with inverse and gives Infinity for an empty set', () => {
    const mask = new Uint8Array(5 * 5).fill(1);
    expect(Array.from(squaredDistance(mask, [5, 5, 1], [1, 1, 1], { inverse: true }))).toEqual(new Array(25).fill(Infinity));
    mask[12] = 0;
    const d = squaredDistance(mask, [5, 5, 1], [1, 1, 1], { inverse: true });
    expect(d[12]).toBe(0);
    expect(d[0]).toBe(8);
  });
});
