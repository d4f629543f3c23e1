import { describe, expect, it } from 'vitest';
import { convexHull2d, rasterizeHull } from '../../../src/shared/measure/hull';

function pixels(out: Uint8Array, nx: number): string[] {
  const on: string[] = [];
  out.forEach((v, q) => {
    if (v) on.push(`${q % nx},${Math.floor(q / nx)}`);
  });
  return on;
}

describe('rasterizeHull', () => {
  it('marks the pixels whose centres lie inside or on the hull, and clears the rest', () => {
    const nx = 6;
    const out = new Uint8Array(nx * 5).fill(1);
    // A right triangle (1,1) (4,1) (1,4): its legs and hypotenuse pass through pixel centres.
    rasterizeHull(convexHull2d([[1, 1], [4, 1], [1, 4], [2, 2]]), nx, 5, out);
    expect(pixels(out, nx)).toEqual(['1,1', '2,1', '3,1', '4,1', '1,2', '2,2', '3,2', '1,3', '2,3', '1,4']);
  });

  it('marks nothing for fewer than three vertices, and clips to the slice', () => {
    const out = new Uint8Array(16).fill(1);
    rasterizeHull(convexHull2d([[0, 0], [3, 3]]), 4, 4, out);
    expect(out.every((v) => v === 0)).toBe(true);
    rasterizeHull(convexHull2d([[-5, -5], [10, -5], [10, 10], [-5, 10]]), 4, 4, out);
    expect(out.every((v) => v === 1)).toBe(true);
  });
});
