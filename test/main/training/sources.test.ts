import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/training/bundle';
import { CaseCache } from '../../../src/main/training/case-cache';
import { isTumourSite, MIN_TUMOUR_VOXELS, NETWORK_VOXEL_ML, type PreparedStudentMeta } from '../../../src/main/training/prepare';
import { studentSource } from '../../../src/main/training/sources';
import { unwrap } from '../../../src/shared/result';
import { IDENTITY, type Vec3 } from '../../../src/shared/volume/mat3';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();

describe('isTumourSite', () => {
  it('tells a tumour of MIN_TUMOUR_VOXELS voxels from a fragment of one voxel fewer', () => {
    const site = (voxels: number): { centre: Vec3; volumeMl: number } => ({ centre: [0, 0, 0], volumeMl: voxels * NETWORK_VOXEL_ML });
    expect(isTumourSite(site(MIN_TUMOUR_VOXELS))).toBe(true);
    expect(isTumourSite(site(MIN_TUMOUR_VOXELS - 1))).toBe(false);
    expect(isTumourSite(site(1))).toBe(false);
  });
});

describe('studentSource sites', () => {
  it('never centres a training or validation patch on a fragment', async () => {
    const dims: Vec3 = [40, 40, 40];
    const n = dims[0] * dims[1] * dims[2];
    const grid = { dims, spacing: [1, 1, 1.5] as Vec3, origin: [0, 0, 0] as Vec3, direction: IDENTITY };
    // A 27-voxel nodule near one corner and a 2-voxel fragment near the opposite one.
    const nodule: Vec3 = [6, 6, 6];
    const fragment: Vec3 = [33, 33, 33];
    const ct = new Float32Array(n);
    ct[nodule[0] + dims[0] * (nodule[1] + dims[1] * nodule[2])] = 100;
    ct[fragment[0] + dims[0] * (fragment[1] + dims[1] * fragment[2])] = 200;
    const meta: PreparedStudentMeta = {
      kind: 'student', id: 'f', stats: { mean: -500, std: 400, clip: [-1024, 1000] },
      lungs: [{ side: 'right', grid, tumours: [{ centre: nodule, volumeMl: 27 * NETWORK_VOXEL_ML }, { centre: fragment, volumeMl: 2 * NETWORK_VOXEL_ML }] }],
    };
    const path = join(dir, 'f.bundle');
    unwrap(writeBundle(path, meta, { ct_right: ct, label_right: new Uint8Array(n), box_right: new Uint8Array(n) }));
    const augment = { rot90: false, flips: false, scaleJitter: 0, shiftJitter: 0 };
    const src = studentSource([{ path, meta }], [{ path, meta }], new CaseCache(), { patch: [16, 16, 16], seed: 5, augment, backgroundFraction: 0, heads: ['mask'] });
    for (let e = 0; e < 10; e++) {
      expect(src.epochLength(e)).toBe(1);
      const s = await src.sample(e, 0);
      expect(s.image.some((v) => v === 100)).toBe(true);
      expect(s.image.some((v) => v === 200)).toBe(false);
    }
    // One patch on the nodule and one background patch: none on the fragment.
    expect(src.validationCount).toBe(2);
  });
});
