import { describe, expect, it } from 'vitest';
import { dice, dilateCube, evaluateCase, objectMetrics, summarise } from '../../../src/shared/metrics';
import type { Vec3 } from '../../../src/shared/volume/mat3';

const dims: Vec3 = [20, 20, 10];
const n = dims[0] * dims[1] * dims[2];

/** Sets an axis-aligned block [lo, hi] (inclusive) to value. */
function block(data: Uint8Array, lo: Vec3, hi: Vec3, value = 1): Uint8Array {
  for (let k = lo[2]; k <= hi[2]; k++) for (let j = lo[1]; j <= hi[1]; j++) for (let i = lo[0]; i <= hi[0]; i++) data[i + dims[0] * (j + dims[1] * k)] = value;
  return data;
}

describe('dice', () => {
  it('is 2|A∩B| / (|A|+|B|) on known overlaps', () => {
    const a = block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]); // 64 voxels
    const b = block(new Uint8Array(n), [2, 0, 0], [5, 3, 3]); // 64 voxels, 32 shared
    expect(dice(a, b)).toBeCloseTo((2 * 32) / 128, 12);
    expect(dice(a, a)).toBe(1);
    expect(dice(a, new Uint8Array(n))).toBe(0);
  });
  it('scores two empty masks as agreement and treats any non-zero label as foreground', () => {
    expect(dice(new Uint8Array(n), new Uint8Array(n))).toBe(1);
    const labels = block(new Uint8Array(n), [0, 0, 0], [1, 1, 1], 7);
    expect(dice(labels, block(new Uint8Array(n), [0, 0, 0], [1, 1, 1]))).toBe(1);
  });
  it('refuses masks of different sizes', () => {
    expect(() => dice(new Uint8Array(3), new Uint8Array(4))).toThrow(/different grids/);
  });
});

describe('objectMetrics (TP at >= 25% of the ground-truth object covered)', () => {
  it('counts a tumour as found at exactly 25% coverage and missed just below', () => {
    const gt = block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]); // 64 voxels
    const at25 = block(new Uint8Array(n), [0, 0, 0], [3, 3, 0]); // 16 voxels inside = 25%
    const r = objectMetrics(at25, gt, dims);
    expect([r.tpGt, r.tpPred, r.fp, r.fn, r.recall, r.precision, r.f1]).toEqual([1, 1, 0, 0, 1, 1, 1]);
    expect(r.diceTp).toBeCloseTo((2 * 16) / 80, 12);
    const below = block(new Uint8Array(n), [0, 0, 0], [2, 3, 0]); // 12 voxels = 18.75%
    const m = objectMetrics(below, gt, dims);
    // Missed, but the speck lies wholly on the tumour: not a false positive either.
    expect([m.tpGt, m.tpPred, m.fp, m.fn, m.f1, m.diceTp]).toEqual([0, 1, 0, 1, 0, null]);
  });
  it('counts a prediction mostly off the tumour that covers too little of it as a false positive', () => {
    const gt = block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]); // 64 voxels
    const pred = block(new Uint8Array(n), [3, 0, 0], [9, 3, 0]); // 28 voxels, 4 on the tumour
    const m = objectMetrics(pred, gt, dims);
    expect([m.tpGt, m.tpPred, m.fp, m.fn]).toEqual([0, 0, 1, 1]);
    // A leaky prediction that covers the whole tumour finds it, however much it spills.
    const leaky = block(new Uint8Array(n), [0, 0, 0], [12, 12, 5]);
    expect(objectMetrics(leaky, gt, dims)).toMatchObject({ tpGt: 1, tpPred: 1, fp: 0 });
  });
  it('treats pieces within two voxels of each other as one object (a lesion\'s detached spicules)', () => {
    const gt = block(block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]), [6, 0, 0], [6, 0, 0]); // gap of 2 voxels
    expect(objectMetrics(gt, gt, dims).gtObjects).toBe(1);
    expect(objectMetrics(gt, gt, dims, { joinVoxels: 0 }).gtObjects).toBe(2);
    const far = block(block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]), [7, 0, 0], [7, 0, 0]); // gap of 3
    expect(objectMetrics(far, far, dims).gtObjects).toBe(2);
  });
  it('counts an isolated prediction as a false positive and lowers precision only', () => {
    const gt = block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]);
    const pred = block(block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]), [10, 10, 5], [12, 12, 7]);
    const r = objectMetrics(pred, gt, dims);
    expect(r.predObjects).toBe(2);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(2 / 3, 12);
    expect(r.diceTp).toBe(1); // the false positive does not enter DSC-TP
  });
  it('joins diagonal neighbours (26-connectivity) into one object', () => {
    const pred = new Uint8Array(n);
    pred[0] = 1;
    pred[1 + dims[0] * (1 + dims[1] * 1)] = 1;
    expect(objectMetrics(pred, pred, dims, { joinVoxels: 0 }).predObjects).toBe(1);
  });
  it('keeps touching tumours apart when the ground truth is an instance label map', () => {
    const gt = block(block(new Uint8Array(n), [0, 0, 0], [3, 3, 3], 1), [4, 0, 0], [7, 3, 3], 2);
    const pred = block(new Uint8Array(n), [0, 0, 0], [1, 3, 3]); // half of tumour 1 only
    expect(objectMetrics(pred, gt, dims).gtObjects).toBe(1); // as components: one blob
    const byLabel = objectMetrics(pred, gt, dims, { gtObjects: 'labels' });
    expect([byLabel.gtObjects, byLabel.tpGt, byLabel.fn, byLabel.recall]).toEqual([2, 1, 1, 0.5]);
  });
  it('is vacuously perfect with nothing to find and nothing found, and zero with only misses', () => {
    const empty = new Uint8Array(n);
    expect(objectMetrics(empty, empty, dims).f1).toBe(1);
    const gt = block(new Uint8Array(n), [0, 0, 0], [1, 1, 1]);
    const miss = objectMetrics(empty, gt, dims);
    expect([miss.precision, miss.recall, miss.f1]).toEqual([1, 0, 0]);
    const onlyFp = objectMetrics(gt, empty, dims);
    expect([onlyFp.precision, onlyFp.recall, onlyFp.f1]).toEqual([0, 1, 0]);
  });
});

describe('dilateCube', () => {
  it('grows a voxel into the (2r+1)^3 cube around it, clipped at the volume edge', () => {
    const m = new Uint8Array(n);
    m[5 + dims[0] * (5 + dims[1] * 5)] = 1;
    m[0] = 1;
    const d = dilateCube(m, dims, 1);
    expect(d.reduce((a, x) => a + x, 0)).toBe(27 + 8);
    expect(d[6 + dims[0] * (6 + dims[1] * 6)]).toBe(1);
    expect(d[7 + dims[0] * (5 + dims[1] * 5)]).toBe(0);
    expect(dilateCube(m, dims, 2).reduce((a, x) => a + x, 0)).toBe(125 + 27);
  });
});

describe('summarise', () => {
  it('averages Dice per case and pools object counts for precision, recall and F1', () => {
    const gt = block(new Uint8Array(n), [0, 0, 0], [3, 3, 3]);
    const perfect = evaluateCase('a', gt, gt, dims);
    const missed = evaluateCase('b', new Uint8Array(n), gt, dims);
    const s = summarise([perfect, missed]);
    expect(s.cases).toBe(2);
    expect(s.dice).toBeCloseTo(0.5, 12);
    expect(s.recall).toBe(0.5);
    expect(s.precision).toBe(1);
    expect(s.f1).toBeCloseTo(2 / 3, 12);
    expect(s.f1_case_mean).toBeCloseTo(0.5, 12);
    expect(s.dice_tp).toBe(1);
    expect(s.dice_pooled).toBeCloseTo((2 * 64) / (64 + 128), 12);
  });
});
