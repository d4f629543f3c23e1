import { describe, expect, it } from 'vitest';
import { componentCentroids, idsBySize, labelComponents, largestComponent } from '../../../src/shared/image/components';

describe('labelComponents', () => {
  // Two voxels touching only at a corner: separate with 6, joined with 26; an edge joins with 18.
  const dims: [number, number, number] = [4, 4, 4];
  const at = (i: number, j: number, k: number) => i + 4 * (j + 4 * k);
  it('distinguishes 6, 18 and 26 connectivity', () => {
    const corner = new Uint8Array(64);
    corner[at(0, 0, 0)] = 1;
    corner[at(1, 1, 1)] = 1;
    expect(labelComponents(corner, dims, 6).count).toBe(2);
    expect(labelComponents(corner, dims, 18).count).toBe(2);
    expect(labelComponents(corner, dims, 26).count).toBe(1);
    const edge = new Uint8Array(64);
    edge[at(0, 0, 0)] = 1;
    edge[at(1, 1, 0)] = 1;
    expect(labelComponents(edge, dims, 6).count).toBe(2);
    expect(labelComponents(edge, dims, 18).count).toBe(1);
  });

  it('does not wrap around row or slice ends', () => {
    const m = new Uint8Array(64);
    m[at(3, 0, 0)] = 1;
    m[at(0, 1, 0)] = 1; // next in memory, but at the other side of the row
    m[at(3, 3, 0)] = 1;
    m[at(1, 3, 2)] = 1;
    expect(labelComponents(m, dims, 26).count).toBe(4);
  });

  it('sizes components, orders them and keeps the largest; survives a large snake (no recursion)', () => {
    const n = 200;
    const m = new Uint8Array(n * n);
    for (let j = 0; j < n; j += 2) for (let i = 0; i < n; i++) m[i + n * j] = 1;
    for (let j = 1; j < n; j += 2) m[(j % 4 === 1 ? n - 1 : 0) + n * j] = 1;
    m.fill(0, 0, 0);
    const c = labelComponents(m, [n, n, 1], 6);
    expect(c.count).toBe(1);
    expect(c.sizes[1]).toBe(n * (n / 2) + n / 2);
    const two = new Uint8Array(10);
    two.set([1, 1, 0, 1, 1, 1, 0, 0, 0, 1]);
    const c2 = labelComponents(two, [10, 1, 1], 6);
    expect(c2.sizes).toEqual([0, 2, 3, 1]);
    expect(idsBySize(c2)).toEqual([2, 1, 3]);
    expect(Array.from(largestComponent(two, [10, 1, 1]))).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('componentCentroids', () => {
  it('gives each component its mean index, in component order', () => {
    const dims: [number, number, number] = [5, 4, 3];
    const mask = new Uint8Array(60);
    mask[0] = 1; mask[1] = 1; // (0,0,0) and (1,0,0)
    mask[4 + 5 * 3 + 20 * 2] = 1; // (4,3,2), alone
    const c = labelComponents(mask, dims, 26);
    expect(componentCentroids(c, dims)).toEqual([[0.5, 0, 0], [4, 3, 2]]);
  });
});
