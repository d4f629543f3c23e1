import { describe, expect, it } from 'vitest';
import { indexToWorld, linearIndex } from '../../../src/shared/volume/geometry';
import { orientationCode, reorient } from '../../../src/shared/volume/orientation';
import { createVolume } from '../../../src/shared/volume/volume';
import { unwrap } from '../../../src/shared/result';
import type { Vec3 } from '../../../src/shared/volume/mat3';

function ramp(direction: number[]) {
  const dims = [3, 4, 5];
  const data = new Int16Array(60).map((_, i) => i);
  return unwrap(createVolume({ dims, spacing: [0.5, 0.75, 2], origin: [10, -20, 30], direction }, data));
}

describe('reorient', () => {
  it('names orientations the nibabel way', () => {
    expect(orientationCode(ramp([1, 0, 0, 0, 1, 0, 0, 0, 1]))).toBe('LPS');
    expect(orientationCode(ramp([-1, 0, 0, 0, -1, 0, 0, 0, 1]))).toBe('RAS');
    expect(orientationCode(ramp([0, 0, 1, 1, 0, 0, 0, -1, 0]))).toBe('PIL');
  });

  it('keeps every voxel at its world position under any permutation and flip', () => {
    const v = ramp([0, 0, -1, -1, 0, 0, 0, 1, 0]);
    const r = reorient(v, 'LPS');
    expect(orientationCode(r)).toBe('LPS');
    for (let k = 0; k < v.dims[2]; k++) {
      for (let j = 0; j < v.dims[1]; j++) {
        for (let i = 0; i < v.dims[0]; i++) {
          const w = indexToWorld(v, [i, j, k]);
          const idx = [0, 1, 2].map((a) => Math.round((w[a]! - r.origin[a]!) / r.spacing[a]!)) as unknown as Vec3;
          expect(r.data[linearIndex(r, idx[0], idx[1], idx[2])]).toBe(v.data[linearIndex(v, i, j, k)]);
        }
      }
    }
    const back = reorient(r, orientationCode(v));
    expect(Array.from(back.data)).toEqual(Array.from(v.data));
    expect(back.origin).toEqual(v.origin);
  });
});
