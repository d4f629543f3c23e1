import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { readNifti } from '../../../../src/main/io/nifti/read';
import { writeNifti, encodeNifti } from '../../../../src/main/io/nifti/write';
import { createVolume } from '../../../../src/shared/volume/volume';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { orientationCode } from '../../../../src/shared/volume/orientation';
import { unwrap } from '../../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';

const dir = tempDir();

function corners(v: Parameters<typeof indexToWorld>[0]) {
  return [[0, 0, 0], [v.dims[0] - 1, v.dims[1] - 1, v.dims[2] - 1], [v.dims[0] - 1, 0, 0]].map((c) => indexToWorld(v, c as [number, number, number]));
}

describe('NIfTI round trips', () => {
  const c = Math.cos(0.2);
  const s = Math.sin(0.2);
  const cases = [
    { name: 'int16 LPS', data: new Int16Array(4 * 5 * 6).map((_, i) => i - 50), direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
    { name: 'uint8 RAS flipped', data: new Uint8Array(4 * 5 * 6).map((_, i) => i % 3), direction: [-1, 0, 0, 0, -1, 0, 0, 0, -1] },
    { name: 'float32 oblique', data: new Float32Array(4 * 5 * 6).map((_, i) => i / 7), direction: [c, -s, 0, s, c, 0, 0, 0, 1] },
  ];
  for (const { name, data, direction } of cases) {
    for (const version of [1, 2] as const) {
      it(`${name}, NIfTI-${version}, gz: keeps voxels and geometry to 1e-4 mm`, () => {
        const v = unwrap(createVolume({ dims: [4, 5, 6], spacing: [0.7, 0.9, 2.5], origin: [-120.5, 33.25, -400], direction }, data));
        const path = join(dir, `${name.replace(/ /g, '_')}-${version}.nii.gz`);
        writeNifti(path, v, { version });
        const back = unwrap(readNifti(path));
        expect(back.header.version).toBe(version);
        expect(back.volume.data.constructor).toBe(data.constructor);
        expect(Array.from(back.volume.data)).toEqual(Array.from(data));
        const a = corners(v);
        const b = corners(back.volume);
        a.forEach((p, i) => p.forEach((x, k) => expect(Math.abs(x - b[i]![k]!)).toBeLessThan(1e-4)));
      });
    }
  }

  it('qform alone gives the same geometry as the sform it was written with', () => {
    const v = unwrap(createVolume({ dims: [4, 5, 6], spacing: [0.7, 0.9, 2.5], origin: [1, 2, 3], direction: [-1, 0, 0, 0, 0, 1, 0, -1, 0] }, new Int16Array(120)));
    const bytes = encodeNifti(v);
    new DataView(bytes.buffer).setInt16(254, 0, true); // sform_code = 0
    const path = join(dir, 'qonly.nii');
    writeFileSync(path, bytes);
    const back = unwrap(readNifti(path)).volume;
    const a = corners(v);
    const b = corners(back);
    a.forEach((p, i) => p.forEach((x, k) => expect(Math.abs(x - b[i]![k]!)).toBeLessThan(1e-4)));
  });

  it('reads onto shared memory when asked, with the same voxels, scaled or not', () => {
    const data = new Int16Array(4 * 5 * 6).map((_, i) => i * 3 - 100);
    const v = unwrap(createVolume({ dims: [4, 5, 6], spacing: [1, 1, 2] }, data));
    for (const [slope, inter, type] of [[1, 0, Int16Array], [2, -1024, Int16Array], [0.5, 0.25, Float32Array]] as const) {
      const bytes = encodeNifti(v);
      new DataView(bytes.buffer).setFloat32(112, slope, true); // scl_slope
      new DataView(bytes.buffer).setFloat32(116, inter, true); // scl_inter
      const path = join(dir, `scaled-${slope}.nii`);
      writeFileSync(path, bytes);
      const plain = unwrap(readNifti(path)).volume.data;
      const shared = unwrap(readNifti(path, { shared: true })).volume.data;
      expect(plain.buffer).toBeInstanceOf(ArrayBuffer);
      expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(shared.constructor).toBe(type);
      expect(plain.constructor).toBe(type);
      expect(Array.from(shared)).toEqual(Array.from(data, (x) => x * slope + inter));
    }
  });

  it('reports truncated and non-NIfTI files with a message', () => {
    const good = join(dir, 'int16_LPS-1.nii.gz');
    const v = unwrap(createVolume({ dims: [4, 5, 6], spacing: [1, 1, 1] }, new Int16Array(120)));
    writeNifti(join(dir, 'plain.nii'), v);
    const raw = readFileSync(join(dir, 'plain.nii'));
    writeFileSync(join(dir, 'trunc.nii'), raw.subarray(0, 360));
    const t = readNifti(join(dir, 'trunc.nii'));
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.error).toMatch(/truncated/);
    writeFileSync(join(dir, 'junk.nii'), Buffer.from('hello world, not an image'.repeat(20)));
    const j = readNifti(join(dir, 'junk.nii'));
    expect(j.ok).toBe(false);
    if (!j.ok) expect(j.error).toMatch(/not a NIfTI/);
    expect(readNifti(join(dir, 'missing.nii')).ok).toBe(false);
    expect(good).toContain('nii');
  });
});

describe('real NIfTI files written by others', () => {
  const ct = sharedData('totalsegmentator/tests/reference_files/example_ct_sm.nii.gz');
  it.skipIf(!ct)('reads the TotalSegmentator abdomen CT (sform RAS) with plausible HU', () => {
    if (!ct) return console.warn(missingDataMessage('totalsegmentator'));
    const img = unwrap(readNifti(ct));
    expect(img.volume.dims).toEqual([122, 101, 30]);
    expect(img.volume.spacing.map((x) => Math.round(x * 1000) / 1000)).toEqual([3, 3, 3]);
    expect(orientationCode(img.volume)).toBe('RAS');
    let min = Infinity;
    let max = -Infinity;
    for (const x of img.volume.data) { min = Math.min(min, x); max = Math.max(max, x); }
    expect(min).toBeLessThanOrEqual(-1000);
    expect(max).toBeGreaterThan(500);
  });
  const lps = sharedData('totalsegmentator/tests/reference_files/aorta_report/test_result/models/ct_cropped.nii.gz');
  it.skipIf(!lps)('reads an LPS-oriented file as LPS', () => {
    if (!lps) return;
    const img = unwrap(readNifti(lps));
    expect(orientationCode(img.volume)).toBe('LPS');
    expect(img.volume.dims).toEqual([120, 126, 164]);
  });
});
