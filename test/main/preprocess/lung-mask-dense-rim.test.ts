import { describe, expect, it } from 'vitest';
import { addDenseRim } from '../../../src/main/preprocess/lung-mask/dense-rim';

// Rows along i on a 0.7 x 0.7 x 2 mm grid: lung (-850 HU) up to i = 5, then a dense mass (40 HU)
// the mask holds from i = 6 to i = 9 (four voxels, 2.8 mm), then chest wall (40 HU, the mass's
// own density) from i = 10. The mask's edge is at i = 9.
const DIMS = [16, 5, 5] as const;
const N = DIMS[0] * DIMS[1] * DIMS[2];
const FINE = [0.7, 0.7, 2] as const;
const index = (i: number, j: number, k: number) => i + DIMS[0] * (j + DIMS[1] * k);

function scene(massFrom: number): { ct: Float32Array; labels: Uint8Array } {
  const ct = new Float32Array(N);
  const labels = new Uint8Array(N);
  for (let k = 0; k < DIMS[2]; k++) {
    for (let j = 0; j < DIMS[1]; j++) {
      for (let i = 0; i < DIMS[0]; i++) {
        ct[index(i, j, k)] = i < massFrom ? -850 : 40;
        if (i <= 9) labels[index(i, j, k)] = 1;
      }
    }
  }
  return { ct, labels };
}

const edgeOf = (labels: Uint8Array, j = 2, k = 2) => {
  let last = -1;
  for (let i = 0; i < DIMS[0]; i++) if (labels[index(i, j, k)]) last = i;
  return last;
};

describe('addDenseRim', () => {
  it('takes one in-plane layer behind a mass at least 2.5 mm deep, and no more', () => {
    const { ct, labels } = scene(6);
    const added = addDenseRim(ct, labels, DIMS, FINE, null);
    expect(edgeOf(labels)).toBe(10);
    expect(added).toBe(DIMS[1] * DIMS[2]);
  });

  it('does nothing on pixels coarser than 1 mm, where one voxel is more wall than rim', () => {
    const { ct, labels } = scene(6);
    expect(addDenseRim(ct, labels, DIMS, [1.5, 1.5, 2], null)).toBe(0);
  });

  it('leaves the edge where the dense run is the mask overreaching into the wall (three voxels, 2.1 mm)', () => {
    const { ct, labels } = scene(7);
    expect(addDenseRim(ct, labels, DIMS, FINE, null)).toBe(0);
    expect(edgeOf(labels)).toBe(9);
  });

  it('takes nothing where growth is not allowed, and keeps each lung its own label', () => {
    const { ct, labels } = scene(6);
    expect(addDenseRim(ct, labels, DIMS, FINE, (q: number) => q % DIMS[0] !== 10)).toBe(0);
    const two = scene(6);
    two.labels.forEach((v, q) => (two.labels[q] = v ? 2 : 0));
    addDenseRim(two.ct, two.labels, DIMS, FINE, null);
    expect(two.labels[index(10, 2, 2)]).toBe(2);
  });
});
