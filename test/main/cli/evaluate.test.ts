import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNifti } from '../../../src/main/io/nifti/write';
import type { Mask } from '../../../src/shared/volume/volume';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const lungts = cliRunner(dir);

function mask(dims: [number, number, number], blocks: [number, number, number, number, number, number, number][], spacing: [number, number, number] = [0.8, 0.8, 2]): Mask {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const [i0, j0, k0, i1, j1, k1, v] of blocks) {
    for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) data[i + dims[0] * (j + dims[1] * k)] = v;
  }
  return { dims, spacing, origin: [-10, 20, -300], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
}

beforeAll(() => {
  // Truth: two tumours (64 and 27 voxels). Prediction: the first found at 50%, the second
  // missed (a sliver of 4 voxels = 15% < 25%, but wholly on it: not a false positive), plus
  // one false positive far from both.
  writeNifti(join(dir, 'gt.nii.gz'), mask([30, 30, 20], [[2, 2, 2, 5, 5, 5, 1], [20, 20, 10, 22, 22, 12, 2]]));
  writeNifti(join(dir, 'pred.nii.gz'), mask([30, 30, 20], [[2, 2, 2, 5, 5, 3, 1], [20, 20, 10, 21, 21, 10, 1], [10, 25, 15, 11, 26, 15, 1]]));
  writeNifti(join(dir, 'other-grid.nii.gz'), mask([30, 30, 21], []));
});

describe('lungts evaluate', () => {
  it('prints dice, precision, recall, f1 and dice_tp as one JSON object', () => {
    const r = lungts('evaluate', '--pred', 'pred.nii.gz', '--gt', 'gt.nii.gz', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, number>;
    // 32 + 4 + 4 predicted voxels, 64 + 27 true, 32 + 4 shared.
    expect(j.dice).toBeCloseTo((2 * 36) / (40 + 91), 10);
    expect([j.gt_objects, j.tp_gt, j.pred_objects, j.tp_pred, j.fp, j.fn]).toEqual([2, 1, 3, 2, 1, 1]);
    expect(j.recall).toBe(0.5);
    expect(j.precision).toBeCloseTo(2 / 3, 10);
    expect(j.f1).toBeCloseTo(4 / 7, 10);
    // True-positive predictions (32 + 4 voxels) against the found tumour (64), 32 shared.
    expect(j.dice_tp).toBeCloseTo((2 * 32) / (36 + 64), 10);
  });
  it('reads the truth as instance labels with --gt-instances and honours --min-overlap', () => {
    const r = lungts('evaluate', '--pred', 'pred.nii.gz', '--gt', 'gt.nii.gz', '--gt-instances', '--min-overlap', '0.1', '--json');
    const j = JSON.parse(r.stdout) as Record<string, number>;
    expect([j.tp_gt, j.recall]).toEqual([2, 1]);
  });
  it('refuses masks on different grids (exit 1, names the grids) and missing options (exit 2)', () => {
    const r = lungts('evaluate', '--pred', 'other-grid.nii.gz', '--gt', 'gt.nii.gz');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/other-grid\.nii\.gz.*30x30x21.*30x30x20/);
    expect(lungts('evaluate', '--pred', 'pred.nii.gz').code).toBe(2);
    const missing = lungts('evaluate', '--pred', 'nope.nii.gz', '--gt', 'gt.nii.gz');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.nii\.gz/);
  });
});
