import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/training/bundle';
import { CaseCache } from '../../../src/main/training/case-cache';
import type { PreparedStudentMeta } from '../../../src/main/training/prepare';
import { studentSource } from '../../../src/main/training/sources';
import { tumourWeightTable, weightBox } from '../../../src/main/training/tumour-weights';
import { unwrap } from '../../../src/shared/result';
import { IDENTITY, type Vec3 } from '../../../src/shared/volume/mat3';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const at = (dims: Vec3, i: number, j: number, k: number): number => i + dims[0] * (j + dims[1] * k);

/** A label with a 3^3 nodule (27 voxels) at 2..4, a 6^3 mass (216) at 20..25 and a lone voxel at (12, 12, 12). */
function label(dims: Vec3): Uint8Array {
  const m = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const fill = (lo: number, hi: number): void => {
    for (let k = lo; k <= hi; k++) for (let j = lo; j <= hi; j++) for (let i = lo; i <= hi; i++) m[at(dims, i, j, k)] = 1;
  };
  fill(2, 4);
  fill(20, 25);
  m[at(dims, 12, 12, 12)] = 1;
  return m;
}

describe('tumourWeightTable and weightBox', () => {
  const dims: Vec3 = [30, 30, 30];
  const table = tumourWeightTable(label(dims), dims, 100);

  it('weighs a tumour under the reference by reference / its size; larger tumours and specks are left at 1', () => {
    expect(table.size).toBe(27);
    expect(table.get(at(dims, 3, 3, 3))).toBeCloseTo(100 / 27, 6);
    expect(table.has(at(dims, 22, 22, 22))).toBe(false);
    expect(table.has(at(dims, 12, 12, 12))).toBe(false);
    expect(tumourWeightTable(label(dims), dims, 0).size).toBe(0);
  });

  it('cuts a box of weights, 1 wherever no small tumour lies, also beyond the crop', () => {
    // The box starts at (-1, 2, 3): box voxel (i, j, k) is crop voxel (i - 1, j + 2, k + 3).
    const size: Vec3 = [6, 4, 4];
    const w = weightBox(table, dims, [-1, 2, 3], size);
    let heavy = 0;
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 4; j++) {
        for (let i = 0; i < 6; i++) {
          const x = i - 1, y = j + 2, z = k + 3;
          const inNodule = x >= 2 && x <= 4 && y >= 2 && y <= 4 && z >= 2 && z <= 4;
          expect(w[i + 6 * (j + 4 * k)]).toBeCloseTo(inNodule ? 100 / 27 : 1, 6);
          if (inNodule) heavy++;
        }
      }
    }
    // x 2..4 (3) x y 2..4 (3) x z 3..4 (2): the nodule's part inside the box.
    expect(heavy).toBe(18);
  });
});

describe('studentSource with tumour weights', () => {
  it('gives every sample mask weights that line up with its target under augmentation', async () => {
    const dims: Vec3 = [30, 30, 30];
    const lbl = label(dims);
    const n = lbl.length;
    const grid = { dims, spacing: [1, 1, 1.5] as Vec3, origin: [0, 0, 0] as Vec3, direction: IDENTITY };
    const meta: PreparedStudentMeta = {
      kind: 'student', id: 'w', stats: { mean: -500, std: 400, clip: [-1024, 1000] },
      lungs: [{ side: 'right', grid, tumours: [{ centre: [3, 3, 3], volumeMl: 0.04 }, { centre: [22.5, 22.5, 22.5], volumeMl: 0.3 }] }],
    };
    const path = join(dir, 'w.bundle');
    unwrap(writeBundle(path, meta, { ct_right: new Float32Array(n), label_right: lbl, box_right: new Uint8Array(n) }));
    const augment = { rot90: true, flips: true, scaleJitter: 0, shiftJitter: 0 };
    const base = { patch: [16, 16, 16] as Vec3, seed: 3, augment, backgroundFraction: 0, heads: ['mask', 'box'] };
    const weighted = studentSource([{ path, meta }], [], new CaseCache(), { ...base, tumourWeightVoxels: 100 });
    let heavy = 0;
    for (let e = 0; e < 6; e++) {
      for (let s = 0; s < weighted.epochLength(e); s++) {
        const smp = await weighted.sample(e, s);
        const y = (smp.targets as Record<string, Float32Array>).mask!;
        const w = smp.weights!.mask!;
        for (let q = 0; q < y.length; q++) {
          // Weighted voxels are exactly the nodule's: always tumour, never the mass or background.
          if (w[q]! > 1) {
            expect(y[q]).toBe(1);
            expect(w[q]).toBeCloseTo(100 / 27, 5);
            heavy++;
          } else expect(w[q]).toBe(1);
        }
        expect(smp.weights!.box!.every((v) => v === 1)).toBe(true);
      }
    }
    expect(heavy).toBeGreaterThan(0);
    // Without the option, samples carry no weights.
    const plain = studentSource([{ path, meta }], [], new CaseCache(), base);
    expect((await plain.sample(0, 0)).weights).toBeUndefined();
  });
});
