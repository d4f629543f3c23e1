import { describe, expect, it } from 'vitest';
import { fillPolygonsEvenOdd } from '../../../src/shared/masks/polygon-fill';

function fill(polygons: number[][], w = 10, h = 10): Uint8Array {
  const out = new Uint8Array(w * h);
  fillPolygonsEvenOdd(polygons, w, h, out, 0, 1);
  return out;
}

function rows(out: Uint8Array, w = 10): string[] {
  const r: string[] = [];
  for (let j = 0; j < out.length / w; j++) r.push(Array.from(out.subarray(j * w, (j + 1) * w)).join(''));
  return r;
}

describe('fillPolygonsEvenOdd', () => {
  it('fills centres inside a square, left/top edges in, right/bottom edges out', () => {
    const out = fill([[2, 2, 5, 2, 5, 4, 2, 4]]);
    expect(rows(out).slice(1, 5)).toEqual(['0000000000', '0011100000', '0011100000', '0000000000']);
  });

  it('tiles: two squares sharing an edge fill every centre exactly once', () => {
    const a = fill([[1, 1, 4, 1, 4, 5, 1, 5]]);
    const b = fill([[4, 1, 7, 1, 7, 5, 4, 5]]);
    const both = fill([[1, 1, 7, 1, 7, 5, 1, 5]]);
    for (let p = 0; p < both.length; p++) expect(a[p]! + b[p]!).toBe(both[p]);
  });

  it('cuts a hole where a contour lies inside another, whatever their winding', () => {
    const out = fill([[0.5, 0.5, 8.5, 0.5, 8.5, 8.5, 0.5, 8.5], [3.5, 3.5, 3.5, 5.5, 5.5, 5.5, 5.5, 3.5]]);
    expect(rows(out)[4]).toBe('0111001110');
    expect(out.reduce((s, v) => s + v, 0)).toBe(64 - 4);
  });

  it('clips to the image and ignores degenerate polygons', () => {
    const out = fill([[-5, -5, 20, -5, 20, 20, -5, 20], [1, 1, 2, 2]]);
    expect(out.every((v) => v === 1)).toBe(true);
  });
});
