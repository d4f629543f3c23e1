import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseCache } from '../../../src/main/training/case-cache';
import { writeBundle } from '../../../src/main/training/bundle';
import { falseComponents, mineHardNegatives, readHardSites, writeHardSites } from '../../../src/main/training/mine';
import type { PreparedStudentMeta } from '../../../src/main/training/prepare';
import { studentSource } from '../../../src/main/training/sources';
import { ignoreProgress } from '../../../src/shared/job';
import { initParams, paramLayout, paramView, type UNetSpec } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { IDENTITY, type Vec3 } from '../../../src/shared/volume/mat3';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();

function cube(m: Uint8Array, dims: Vec3, lo: Vec3, hi: Vec3): void {
  for (let k = lo[2]; k <= hi[2]; k++) for (let j = lo[1]; j <= hi[1]; j++) for (let i = lo[0]; i <= hi[0]; i++) m[i + dims[0] * (j + dims[1] * k)] = 1;
}

describe('falseComponents', () => {
  it('lists components that do not touch the label even grown by a voxel, with centroid and size', () => {
    const dims: Vec3 = [20, 12, 10];
    const mask = new Uint8Array(20 * 12 * 10);
    const label = new Uint8Array(mask.length);
    cube(label, dims, [2, 2, 2], [4, 4, 4]);
    cube(mask, dims, [3, 3, 3], [5, 5, 5]); // overlaps the label
    cube(mask, dims, [6, 2, 2], [7, 3, 3]); // one voxel gap from the label's x = 4 face: touches when grown
    cube(mask, dims, [12, 6, 4], [15, 8, 6]); // far away: 4 x 3 x 3 = 36 voxels
    cube(mask, dims, [18, 10, 8], [18, 10, 8]); // a single far voxel
    expect(falseComponents(mask, label, dims, 1)).toEqual([{ centre: [13.5, 7, 5], voxels: 36 }, { centre: [18, 10, 8], voxels: 1 }]);
    expect(falseComponents(mask, label, dims, 2)).toEqual([{ centre: [13.5, 7, 5], voxels: 36 }]);
  });
});

const SPEC: UNetSpec = {
  format: 'lungts-unet', specVersion: 1, name: 'tiny', inChannels: 1, channels: [4, 8], strides: [2], kernelSize: 3,
  norm: { kind: 'instance', affine: false, eps: 1e-5 }, act: { kind: 'prelu', perChannel: false, init: 0.25 }, heads: [{ name: 'mask', outChannels: 1 }],
};

/** A prepared two-lung case whose CT is 0 except for `marker` voxels; `tumour` marks label voxels of the right lung. */
function preparedCase(id: string, dims: Vec3, tumour?: { lo: Vec3; hi: Vec3 }, marker?: Vec3): { path: string; meta: PreparedStudentMeta } {
  const n = dims[0] * dims[1] * dims[2];
  const grid = { dims, spacing: [1, 1, 1.5] as Vec3, origin: [0, 0, 0] as Vec3, direction: IDENTITY };
  const label = new Uint8Array(n);
  if (tumour) cube(label, dims, tumour.lo, tumour.hi);
  const ct = new Float32Array(n);
  if (marker) ct[marker[0] + dims[0] * (marker[1] + dims[1] * marker[2])] = 100;
  const centre = tumour ? tumour.lo.map((v, a) => (v + tumour.hi[a]!) / 2) as unknown as Vec3 : undefined;
  const meta: PreparedStudentMeta = {
    kind: 'student', id, stats: { mean: -500, std: 400, clip: [-1024, 1000] },
    lungs: [{ side: 'right', grid, tumours: centre ? [{ centre, volumeMl: 0.1 }] : [] }, { side: 'left', grid, tumours: [] }],
  };
  const path = join(dir, `${id}.bundle`);
  unwrap(writeBundle(path, meta, { ct_right: ct, label_right: label, box_right: new Uint8Array(n), ct_left: ct, label_left: new Uint8Array(n), box_left: new Uint8Array(n) }));
  return { path, meta };
}

describe('mineHardNegatives', () => {
  it('runs the starting weights over every lung crop and keeps what they call tumour where the label has none', async () => {
    const dims: Vec3 = [16, 16, 16];
    const layout = paramLayout(SPEC);
    const params = initParams(SPEC, 1, layout);
    // A last layer of zeros and a bias of +5: p = 0.993 everywhere, one component per crop.
    paramView(layout, params, 'dec.mask.0.w').fill(0);
    paramView(layout, params, 'dec.mask.0.b').fill(5);
    const refs = [preparedCase('withTumour', dims, { lo: [2, 2, 2], hi: [4, 4, 4] }), preparedCase('empty', dims)];
    const sites = unwrap(await mineHardNegatives({ spec: SPEC, params }, refs, new CaseCache(), { patch: [16, 16, 16], minVoxels: 10 }, ignoreProgress, new AbortController().signal));
    // The right crop of 'withTumour' touches its label; the three other crops are false whole.
    expect(sites.map((s) => `${s.id}/${s.side}`)).toEqual(['withTumour/left', 'empty/right', 'empty/left']);
    for (const s of sites) {
      expect(s.voxels).toBe(16 ** 3);
      expect(s.centre).toEqual([7.5, 7.5, 7.5]);
    }
    const file = join(dir, 'hard.json');
    writeHardSites(file, sites);
    expect(unwrap(readHardSites(file))).toEqual(sites);
    expect(unwrap(readHardSites(join(dir, 'none.json')))).toBeUndefined();
  });
});

describe('studentSource with hard sites', () => {
  it('centres background patches on the mined sites at the chosen share', async () => {
    const dims: Vec3 = [64, 64, 40];
    const site: Vec3 = [50, 50, 30];
    const ref = preparedCase('c', dims, { lo: [4, 4, 4], hi: [7, 7, 7] }, site);
    const opts = { patch: [16, 16, 8] as Vec3, seed: 1, augment: { rot90: false, flips: false, scaleJitter: 0, shiftJitter: 0 }, backgroundFraction: 0.5, heads: ['mask'] };
    const hits = async (hardFraction: number): Promise<number> => {
      const src = studentSource([ref], [], new CaseCache(), { ...opts, hardSites: [{ id: 'c', side: 'right', centre: site, voxels: 50 }], hardFraction });
      let n = 0;
      for (let e = 0; e < 20; e++) for (let s = 0; s < src.epochLength(e); s++) if ((await src.sample(e, s)).image.some((v) => v === 100)) n++;
      return n;
    };
    // One tumour per epoch, so one background draw: 20 epochs, 20 background patches.
    expect(await hits(1)).toBe(20);
    expect(await hits(0)).toBeLessThan(5);
  });
});
