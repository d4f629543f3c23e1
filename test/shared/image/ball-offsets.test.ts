import { describe, expect, it } from 'vitest';
import { ballOffsets, dilateByOffsets, erodeByOffsets } from '../../../src/shared/image/ball-offsets';
import { dilate, erode } from '../../../src/shared/image/morphology';
import type { Vec3 } from '../../../src/shared/volume/mat3';

// The offset balls must be the very balls of the EDT-based operations (centre distance <=
// radius), so the two give identical masks; a seeded random mask with blobs and specks, on
// an anisotropic grid, checks it at the radii the lung mask uses.
function randomMask(dims: Vec3, seed: number): Uint8Array {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const [nx, ny, nz] = dims;
  const m = new Uint8Array(nx * ny * nz);
  for (let b = 0; b < 12; b++) {
    const c = [rand() * nx, rand() * ny, rand() * nz];
    const r = 1 + rand() * 4;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      if ((i - c[0]!) ** 2 + (j - c[1]!) ** 2 + ((k - c[2]!) * 1.5) ** 2 <= r * r) m[i + nx * (j + ny * k)] = 1;
    }
  }
  for (let q = 0; q < m.length; q++) if (rand() < 0.02) m[q] = 1;
  return m;
}

describe('ball morphology by offsets', () => {
  it('lists the 6-neighbour cross for radius 1 voxel and a single voxel for radius 0', () => {
    expect(ballOffsets([1, 1, 1], 1)).toHaveLength(7);
    expect(ballOffsets([1, 1, 1], 0)).toEqual([[0, 0, 0]]);
    expect(ballOffsets([2.3, 2.3, 2], 3)).toHaveLength(7);
  });

  for (const [spacing, radius] of [[[2.3, 2.3, 2], 3], [[2.3, 2.3, 2], 4], [[1.6, 1.6, 3], 4], [[2, 2, 5], 6]] as const) {
    it(`equals the EDT-based erosion and dilation (spacing ${spacing.join(' x ')}, radius ${radius})`, () => {
      const dims: Vec3 = [23, 19, 17];
      const g = { dims, spacing: [...spacing] as Vec3 };
      const m = randomMask(dims, 7 + radius);
      const offsets = ballOffsets(g.spacing, radius);
      expect(Array.from(dilateByOffsets(m, dims, offsets))).toEqual(Array.from(dilate(m, g, radius)));
      expect(Array.from(erodeByOffsets(m, dims, offsets))).toEqual(Array.from(erode(m, g, radius)));
    });
  }
});
