import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { writeCtSeries, type CtSeriesMeta } from '../../../../src/main/io/dicom-write/ct-series';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import { readNifti } from '../../../../src/main/io/nifti/read';
import { unwrap } from '../../../../src/shared/result';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { maxAbsDiff } from '../../../../src/shared/volume/mat3';
import { reorient } from '../../../../src/shared/volume/orientation';
import { createVolume, type Volume } from '../../../../src/shared/volume/volume';
import { tempDir } from '../../../helpers/tmp';

const dir = tempDir();
const HAVE_DCM2NIIX = !spawnSync('dcm2niix', ['-v']).error;
if (!HAVE_DCM2NIIX) console.warn('skipped: dcm2niix is not installed; the cross-check of written series needs it');

const meta: CtSeriesMeta = { uidSeed: 'test-series', patientName: 'TEST^CASE', patientId: 'T1', studyDate: '20200102', sliceThickness: 2.5, convolutionKernel: 'B40f-like' };

// Rotated 25 degrees about z, slices running toward the feet, anisotropic pixels.
const c = Math.cos(0.436), s = Math.sin(0.436);
const DIRECTION = [c, -s, 0, s, c, 0, 0, 0, -1];

function testVolume(): Volume<Int16Array> {
  const dims = [24, 18, 7];
  const data = new Int16Array(dims[0]! * dims[1]! * dims[2]!).map((_, p) => ((p * 37) % 4000) - 1024);
  return unwrap(createVolume({ dims, spacing: [0.7, 0.9, 2.5], origin: [-80.25, 33.5, -410], direction: DIRECTION }, data));
}

function corners(v: Volume) {
  const f = [v.dims[0] - 1, v.dims[1] - 1, v.dims[2] - 1] as const;
  return [[0, 0, 0], [f[0], 0, 0], [0, f[1], 0], [0, 0, f[2]], [f[0], f[1], f[2]]].map((q) => indexToWorld(v, q as [number, number, number]));
}

function expectSameVolume(a: Volume, b: Volume, tolMm: number) {
  const ra = reorient(a, 'LPS');
  const rb = reorient(b, 'LPS');
  expect(rb.dims).toEqual(ra.dims);
  const ca = corners(ra), cb = corners(rb);
  ca.forEach((p, n) => expect(maxAbsDiff(p, cb[n]!)).toBeLessThan(tolMm));
  expect(Array.from(rb.data)).toEqual(Array.from(ra.data));
}

describe('writeCtSeries', () => {
  const v = testVolume();
  const folder = join(dir, 'series');
  const written = unwrap(writeCtSeries(folder, v, meta));

  it('writes one file per slice that our loader reads back with the same voxels and world positions', async () => {
    expect(readdirSync(folder).filter((f) => f.endsWith('.dcm'))).toHaveLength(7);
    const loaded = unwrap(await loadCtSeries(folder));
    expect(loaded.info.modality).toBe('CT');
    expect(loaded.info.transferSyntaxes).toEqual(['1.2.840.10008.1.2.1']);
    expectSameVolume(v, loaded.volume, 1e-4);
    // Slice k's SOPInstanceUID is what the writer reported for k.
    const byUid = new Map(loaded.slices.map((sl) => [sl.sopInstanceUid, sl.position]));
    written.sopInstanceUids.forEach((uid, k) => expect(maxAbsDiff(byUid.get(uid)!, indexToWorld(v, [0, 0, k]))).toBeLessThan(1e-4));
  });

  it('carries the CT image module as Lung-PET-CT-Dx does: 12-bit unsigned, intercept -1024, pixel spacing as row\\column', () => {
    const file = join(folder, written.files[0]!);
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(file)));
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(ds.string('x00080060')).toBe('CT');
    expect(ds.uint16('x00280100')).toBe(16);
    expect(ds.uint16('x00280101')).toBe(12);
    expect(ds.uint16('x00280103')).toBe(0);
    expect(ds.floatString('x00281052')).toBe(-1024);
    expect(ds.floatString('x00281053')).toBe(1);
    expect(ds.string('x00280030')).toBe('0.9\\0.7');
    expect(ds.floatString('x00180050')).toBe(2.5);
    expect(ds.string('x00100020')).toBe('T1');
    expect(ds.string('x00181210')).toBe('B40f-like');
    for (const tag of ['x0020000d', 'x0020000e', 'x00080018', 'x00200052']) {
      const uid = ds.string(tag)!;
      expect(uid).toMatch(/^2\.25\.[1-9][0-9]*$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });

  it('gives each slice its own UID and the same bytes when written again', () => {
    expect(new Set(written.sopInstanceUids).size).toBe(7);
    const again = unwrap(writeCtSeries(join(dir, 'again'), v, meta));
    expect(again.sopInstanceUids).toEqual(written.sopInstanceUids);
    for (const f of written.files) expect(readFileSync(join(dir, 'again', f)).equals(readFileSync(join(folder, f)))).toBe(true);
    const other = unwrap(writeCtSeries(join(dir, 'other'), v, { ...meta, uidSeed: 'another' }));
    expect(other.seriesInstanceUid).not.toBe(written.seriesInstanceUid);
  });

  it('clamps HU outside the 12-bit range [-1024, 3071] instead of wrapping', async () => {
    const hot = unwrap(createVolume({ dims: [4, 4, 2], spacing: [1, 1, 1] }, Int16Array.from({ length: 32 }, (_, p) => (p % 2 ? 5000 : -3000))));
    unwrap(writeCtSeries(join(dir, 'clamp'), hot, meta));
    const back = unwrap(await loadCtSeries(join(dir, 'clamp'))).volume;
    expect(new Set(back.data)).toEqual(new Set([-1024, 3071]));
  });

  it('reports a folder it cannot create', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const r = writeCtSeries(join(blocker, 'series'), v, meta);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(join(blocker, 'series'));
  });

  it.skipIf(!HAVE_DCM2NIIX)('dcm2niix converts the series to the same voxels and grid', () => {
    const out = join(dir, 'dcm2niix');
    mkdirSync(out, { recursive: true });
    const r = spawnSync('dcm2niix', ['-z', 'n', '-b', 'n', '-f', 'out', '-o', out, folder], { encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const theirs = unwrap(readNifti(join(out, 'out.nii'))).volume;
    // dcm2niix stores its affine as float32: 1e-3 mm is its precision here.
    expectSameVolume(v, theirs, 1e-3);
  });
});
