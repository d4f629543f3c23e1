import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import type { LoadedCtSeries } from '../../../../src/main/io/dicom/types';
import { readSeg } from '../../../../src/main/io/seg/seg-read';
import { segToMask } from '../../../../src/main/io/seg/seg-to-mask';
import { sameGeometry } from '../../../../src/shared/volume/geometry';
import { unwrap } from '../../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';
import { readNrrd } from './nrrd';

const DCMQI = sharedData('seg', 'dcmqi', 'data', 'segmentations');
const HIGHDICOM = sharedData('seg', 'highdicom');
// highdicom's multi-frame examples were derived from pydicom's CT2 test series, which Debian's
// python3-pydicom ships; three of its four slices form the 1.25 mm series they reference.
const CT2 = '/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests/77654033/CT2';
const haveCt2 = existsSync(CT2);
if (!DCMQI) console.warn(missingDataMessage('seg', 'dcmqi'));
if (!HIGHDICOM) console.warn(missingDataMessage('seg', 'highdicom'));
if (!haveCt2) console.warn(`skipped: ${CT2} is absent (apt-get install python3-pydicom provides the CT2 series)`);

async function ct(dir: string): Promise<LoadedCtSeries> {
  return unwrap(await loadCtSeries(dir));
}

/** Voxel-exact comparison of an imported mask with a reference label map (reference value -> expected mask value). */
function expectSameMask(mask: { data: Uint8Array }, ref: { data: ArrayLike<number> }, map: (v: number) => number): void {
  expect(mask.data.length).toBe(ref.data.length);
  let differ = 0;
  let first = -1;
  for (let q = 0; q < mask.data.length; q++) {
    if (mask.data[q] !== map(ref.data[q]!)) {
      differ++;
      if (first < 0) first = q;
    }
  }
  expect({ differ, first }).toEqual({ differ: 0, first: -1 });
}

describe.skipIf(!DCMQI)('DICOM SEG import against dcmqi reference label maps', () => {
  it('liver.dcm (BINARY, 512x512x3) equals liver_seg.nrrd voxel for voxel', async () => {
    const series = await ct(join(DCMQI!, 'ct-3slice'));
    const seg = unwrap(readSeg(join(DCMQI!, 'liver.dcm')));
    expect(seg.type).toBe('BINARY');
    const imported = unwrap(segToMask(seg, series));
    const ref = readNrrd(join(DCMQI!, 'liver_seg.nrrd'));
    expect(sameGeometry(imported.mask, ref, 1e-3)).toBe(true);
    expectSameMask(imported.mask, ref, (v) => (v ? 1 : 0));
    expect(imported.labels).toEqual([{ value: 1, name: 'Liver', source: 1, voxels: 107098 }]);
  });

  it('places frames by plane position alone, or by referenced image alone, to the same mask', async () => {
    const series = await ct(join(DCMQI!, 'ct-3slice'));
    const seg = unwrap(readSeg(join(DCMQI!, 'liver.dcm')));
    const both = unwrap(segToMask(seg, series)).mask.data;
    const byPosition = { ...seg, frames: seg.frames.map((f) => ({ ...f, sources: [] })) };
    const byReference = { ...seg, frames: seg.frames.map(({ position: _p, ...f }) => f) };
    expect(Buffer.compare(Buffer.from(unwrap(segToMask(byPosition, series)).mask.data), Buffer.from(both))).toBe(0);
    expect(Buffer.compare(Buffer.from(unwrap(segToMask(byReference, series)).mask.data), Buffer.from(both))).toBe(0);
    // A frame whose position and reference disagree is refused, not guessed.
    const swapped = { ...seg, frames: seg.frames.map((f, n) => ({ ...f, position: seg.frames[(n + 1) % 3]!.position! })) };
    const r = segToMask(swapped, series);
    expect(!r.ok && r.error).toMatch(/references CT slice \d but its position lies on slice \d/);
  });

  it('unpacks bits across frame boundaries that are not byte-aligned (23x38 frames)', async () => {
    const series = await ct(join(DCMQI!, '23x38x3', 'image'));
    const imported = unwrap(segToMask(unwrap(readSeg(join(DCMQI!, '23x38x3', 'seg', 'label.seg'))), series));
    expectSameMask(imported.mask, readNrrd(join(DCMQI!, '23x38x3', 'nrrd', 'label.nrrd')), (v) => (v ? 1 : 0));
  });

  it('imports each of five overlapping segments exactly, and all of them as a label map', async () => {
    const series = await ct(join(DCMQI!, 'ct-3slice'));
    const seg = unwrap(readSeg(join(DCMQI!, 'partial_overlaps.dcm')));
    expect(seg.segments.map((s) => s.label)).toEqual(['GREEN', 'ORANGE', 'PURPLE', 'LIGHT_BLUE', 'DARK_BLUE']);
    const layers = [1, 2, 3].map((n) => readNrrd(join(DCMQI!, `partial_overlaps-${n}.nrrd`)));
    for (const s of seg.segments) {
      const one = unwrap(segToMask(seg, series, { segments: [s.label.toLowerCase()] }));
      const union = { data: layers[0]!.data.map((_, q) => (layers.some((l) => l.data[q] === s.number) ? 1 : 0)) };
      expectSameMask(one.mask, union, (v) => v);
    }
    const all = unwrap(segToMask(seg, series));
    expect(all.labels.map((l) => l.value)).toEqual([1, 2, 3, 4, 5]);
    expect(all.warnings.join('\n')).toMatch(/segments overlap in \d+ voxels/);
  });

  it('reads LABELMAP SEGs (with and without a padding value) like their references', async () => {
    const series = await ct(join(DCMQI!, '24x38x3', 'image'));
    for (const [file, nrrd] of [['sparse-labelmap-noppv.dcm', 'sparse_labelmap_noppv_seg.nrrd'], ['sparse-labelmap-ppv5.dcm', 'sparse_labelmap_ppv5_seg.nrrd']]) {
      const seg = unwrap(readSeg(join(DCMQI!, file!)));
      expect(seg.type).toBe('LABELMAP');
      const imported = unwrap(segToMask(seg, series));
      // The ppv5 reference marks the slice the SEG leaves out with 5 (padding): not segmented.
      expectSameMask(imported.mask, readNrrd(join(DCMQI!, nrrd!)), (v) => (v === 1 ? 1 : 0));
    }
  });

  it('refuses a SEG made for another series, naming both', async () => {
    const multiframe = await ct(join(DCMQI!, '24x38x3', 'multiframe'));
    const r = segToMask(unwrap(readSeg(join(DCMQI!, '24x38x3', 'seg', 'label.seg'))), multiframe);
    expect(!r.ok && r.error).toMatch(/segments series 1\.2\.826\.0\.1\.3680043\.2\.1125\.1\.9881642883347102869241902700569139, but the CT given is series 1\.3\.6\.1\.4\.1\.5962/);
  });

  it('refuses an unknown segment name and lists the available ones', async () => {
    const series = await ct(join(DCMQI!, 'ct-3slice'));
    const r = segToMask(unwrap(readSeg(join(DCMQI!, 'liver.dcm'))), series, { segments: ['GTV-1'] });
    expect(!r.ok && r.error).toMatch(/no segment named "GTV-1"; available: 1 "Liver"/);
  });

  it('refuses files that are not SEG', () => {
    const r = readSeg(join(DCMQI!, 'ct-3slice', '01.dcm'));
    expect(!r.ok && r.error).toMatch(/not a DICOM Segmentation \(modality CT\)/);
  });
});

describe.skipIf(!HIGHDICOM)('DICOM SEG import of highdicom examples', () => {
  const dir = tempDir();

  it('places the single-frame SEG on ct_image.dcm', async () => {
    const ctDir = join(dir, 'ct1');
    mkdirSync(ctDir);
    copyFileSync(join(HIGHDICOM!, 'ct_image.dcm'), join(ctDir, 'ct_image.dcm'));
    const series = await ct(ctDir);
    const imported = unwrap(segToMask(unwrap(readSeg(join(HIGHDICOM!, 'seg_image_ct_binary_single_frame.dcm'))), series));
    // 1832 set pixels, as pydicom's pixel_array of the same file counts.
    expect(imported.labels[0]!.voxels).toBe(1832);
    const other = segToMask(unwrap(readSeg(join(HIGHDICOM!, 'seg_image_ct_binary.dcm'))), series);
    expect(!other.ok && other.error).toMatch(/segments series .*28319\.0\.2, but the CT given is series/);
  });

  it.skipIf(!haveCt2)('gives the same mask from BINARY, FRACTIONAL-with-binary-values and true FRACTIONAL encodings', async () => {
    const ctDir = join(dir, 'ct2');
    mkdirSync(ctDir);
    for (const f of ['17136', '17166', '17196']) copyFileSync(join(CT2, f), join(ctDir, f));
    const series = await ct(ctDir);
    const binary = unwrap(segToMask(unwrap(readSeg(join(HIGHDICOM!, 'seg_image_ct_binary.dcm'))), series));
    expect(binary.labels[0]!.voxels).toBe(638);
    const fractional = unwrap(readSeg(join(HIGHDICOM!, 'seg_image_ct_binary_fractional.dcm')));
    expect([fractional.type, fractional.maxFractionalValue]).toEqual(['FRACTIONAL', 255]);
    expect(Array.from(unwrap(segToMask(fractional, series)).mask.data)).toEqual(Array.from(binary.mask.data));
    // True fractional: 638 pixels at 128/255 (kept at the 0.5 threshold) and 23 at 64/255.
    const trueFractional = unwrap(readSeg(join(HIGHDICOM!, 'seg_image_ct_true_fractional.dcm')));
    expect(Array.from(unwrap(segToMask(trueFractional, series)).mask.data)).toEqual(Array.from(binary.mask.data));
    expect(unwrap(segToMask(trueFractional, series, { threshold: 0.2 })).labels[0]!.voxels).toBe(638 + 23);
    // The overlap example also covers a fourth slice (at -99.48 mm) that is not in this series.
    const overlap = segToMask(unwrap(readSeg(join(HIGHDICOM!, 'seg_image_ct_binary_overlap.dcm'))), series);
    expect(!overlap.ok && overlap.error).toMatch(/frame 1: references image .*28319\.0\.93, which is not in the CT series/);
  });
});
