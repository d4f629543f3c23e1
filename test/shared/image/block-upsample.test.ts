import { describe, expect, it } from 'vitest';
import { blockIndexLookup } from '../../../src/shared/image/block-upsample';
import { blockGeometry, lpsAxes, lpsGeometry } from '../../../src/shared/image/grid';
import type { Geometry } from '../../../src/shared/volume/geometry';
import { indexToWorld, worldToIndex } from '../../../src/shared/volume/geometry';
import type { Vec3 } from '../../../src/shared/volume/mat3';

// Files stored in LPS, RAS, with flipped slices and with permuted axes: the block a voxel falls
// in, found by the lookup, must be the block whose cell holds the voxel's world position.
const GRIDS: Record<string, Geometry> = {
  LPS: { dims: [11, 9, 7], spacing: [0.7, 0.8, 1.5], origin: [3, -2, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
  RAS: { dims: [11, 9, 7], spacing: [0.7, 0.8, 1.5], origin: [3, -2, 5], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] },
  flippedSlices: { dims: [11, 9, 7], spacing: [0.7, 0.8, 1.5], origin: [3, -2, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, -1] },
  permuted: { dims: [7, 11, 9], spacing: [1.5, 0.7, 0.8], origin: [3, -2, 5], direction: [0, 0, -1, 1, 0, 0, 0, -1, 0] },
};

describe('blockIndexLookup', () => {
  for (const [name, g] of Object.entries(GRIDS)) {
    it(`${name}: each voxel maps to the block whose cell holds its world position`, () => {
      const lps = lpsGeometry(g);
      const factors: Vec3 = [3, 2, 2];
      const blocks = blockGeometry(lps, factors);
      const { axes, flip } = lpsAxes(g);
      const lookup = blockIndexLookup(g.dims, axes, flip, factors, blocks.dims);
      const [nx, ny, nz] = g.dims;
      for (let k = 0, q = 0; k < nz; k++) {
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++, q++) {
            const c = worldToIndex(blocks, indexToWorld(g, [i, j, k]));
            const b = c.map((x, t) => Math.max(0, Math.min(blocks.dims[t]! - 1, Math.round(x))));
            expect(lookup(q)).toBe(b[0]! + blocks.dims[0] * (b[1]! + blocks.dims[1] * b[2]!));
          }
        }
      }
    });
  }
});
