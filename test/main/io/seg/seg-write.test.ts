import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readVocBoxes } from '../../../../src/main/io/boxes/voc-read';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import type { LoadedCtSeries } from '../../../../src/main/io/dicom/types';
import { readSeg } from '../../../../src/main/io/seg/seg-read';
import { segToMask } from '../../../../src/main/io/seg/seg-to-mask';
import { writeSeg } from '../../../../src/main/io/seg/seg-write';
import { boxesToMask } from '../../../../src/shared/masks/box-mask';
import { unwrap } from '../../../../src/shared/result';
import { emptyLike, type Mask } from '../../../../src/shared/volume/volume';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';
import { readNrrd } from './nrrd';

const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const B40F = sharedData(...STUDY, '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
const DCMQI = sharedData('seg', 'dcmqi', 'data', 'segmentations');
if (!B40F || !XML) console.warn(missingDataMessage('lung-pet-ct-dx'));
if (!DCMQI) console.warn(missingDataMessage('seg', 'dcmqi'));

// Independent readers; tests that need them skip with a message when absent. CI installs them
// with apt-get (python3-pydicom, python3-numpy, dicom3tools); pydicom decodes pixel data only
// with NumPy, which Debian's python3-pydicom merely recommends.
const PYTHON = '/usr/bin/python3';
const havePydicom = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pydicom, numpy']).status === 0;
const haveDciodvfy = spawnSync('dciodvfy', [], { stdio: 'ignore' }).error === undefined;
if (!havePydicom) console.warn('skipped: pydicom checks need /usr/bin/python3 with pydicom and NumPy (apt-get install python3-pydicom python3-numpy)');
if (!haveDciodvfy) console.warn('skipped: dciodvfy checks need dicom3tools (apt-get install dicom3tools)');

interface Inspected {
  sopClass: string; modality: string; type: string; studyUid: string; patientId: string; frameOfReference: string;
  referencedSeries: string[]; referencedInstances: number; orientation: number[]; pixelSpacing: number[];
  segments: [number, string][];
  frames: { segment: number; source: string; position: number[]; count: number; sha1: string }[];
}

function inspect(file: string): Inspected {
  const out = execFileSync(PYTHON, [join(__dirname, 'seg-inspect.py'), file], { encoding: 'utf8' });
  return JSON.parse(out) as Inspected;
}

function sliceHash(mask: Mask, k: number, value: number): { count: number; sha1: string } {
  const n = mask.dims[0] * mask.dims[1];
  const bits = new Uint8Array(n);
  let count = 0;
  for (let p = 0; p < n; p++) if (mask.data[k * n + p] === value) { bits[p] = 1; count++; }
  return { count, sha1: createHash('sha1').update(bits).digest('hex') };
}

describe.skipIf(!B40F || !XML)('DICOM SEG export on the Lung-PET-CT-Dx CT', () => {
  const dir = tempDir();
  let series: LoadedCtSeries;
  let mask: Mask;
  const file = join(dir, 'boxes-seg.dcm');
  beforeAll(async () => {
    series = unwrap(await loadCtSeries(B40F!));
    // The real tumour boxes as a mask: the CT is already LPS, so the box grid is its own.
    mask = boxesToMask(unwrap(readVocBoxes(XML!, series)).set, series.volume);
    const written = unwrap(writeSeg(file, mask, series, { segments: { 1: { label: 'GTV-1' } } }));
    expect(written.frames).toBe(10);
    expect(written.segments).toEqual([{ number: 1, label: 'GTV-1', frames: 10, voxels: mask.data.reduce((a, v) => a + v, 0) }]);
  });

  it('reads back to the identical mask', () => {
    const back = unwrap(segToMask(unwrap(readSeg(file)), series));
    expect(back.warnings).toEqual([]);
    expect(Buffer.compare(Buffer.from(back.mask.data), Buffer.from(mask.data))).toBe(0);
  });

  it.skipIf(!havePydicom)('is read by pydicom with the references, positions and pixels of the source slices', () => {
    const seen = inspect(file);
    expect([seen.sopClass, seen.modality, seen.type]).toEqual(['1.2.840.10008.5.1.4.1.1.66.4', 'SEG', 'BINARY']);
    expect(seen.referencedSeries).toEqual([series.info.seriesInstanceUid]);
    expect(seen.referencedInstances).toBe(30);
    expect(seen.frameOfReference).toBe(series.info.frameOfReferenceUid);
    expect(seen.studyUid).toBe(series.info.studyInstanceUid);
    expect(seen.patientId).toBe(series.info.patientId);
    expect(seen.orientation).toEqual([1, 0, 0, 0, 1, 0]);
    expect(seen.pixelSpacing).toEqual([series.volume.spacing[1], series.volume.spacing[0]]);
    expect(seen.segments).toEqual([[1, 'GTV-1']]);
    for (const f of seen.frames) {
      const k = series.slices.findIndex((s) => s.sopInstanceUid === f.source);
      expect(k).toBeGreaterThanOrEqual(0);
      for (let a = 0; a < 3; a++) expect(f.position[a]).toBeCloseTo(series.slices[k]!.position[a]!, 6);
      expect({ count: f.count, sha1: f.sha1 }).toEqual(sliceHash(mask, k, 1));
    }
  });

  it.skipIf(!haveDciodvfy)('passes dciodvfy (the DICOM IOD validator of dicom3tools) without errors', () => {
    const r = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    const report = `${r.stdout}${r.stderr}`;
    expect(report).toMatch(/Segmentation/);
    expect(report.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
  });
});

describe.skipIf(!DCMQI)('DICOM SEG export of label maps and empty masks', () => {
  const dir = tempDir();
  let series: LoadedCtSeries;
  beforeAll(async () => {
    series = unwrap(await loadCtSeries(join(DCMQI!, 'ct-3slice')));
  });

  it('round-trips a five-label map value for value', () => {
    const labels = unwrap(segToMask(unwrap(readSeg(join(DCMQI!, 'partial_overlaps.dcm'))), series)).mask;
    const file = join(dir, 'labels.dcm');
    const written = unwrap(writeSeg(file, labels, series, { algorithmName: 'LungTS student' }));
    expect(written.segments.map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
    const back = unwrap(segToMask(unwrap(readSeg(file)), series));
    expect(Buffer.compare(Buffer.from(back.mask.data), Buffer.from(labels.data))).toBe(0);
    if (havePydicom) expect(inspect(file).frames.map((f) => f.segment)).toEqual([1, 2, 3, 3, 3, 4, 5]);
  });

  it('references the frames of a multi-frame (enhanced) CT and reads back identical', async () => {
    const multiframe = unwrap(await loadCtSeries(join(DCMQI!, '24x38x3', 'multiframe')));
    const ref = readNrrd(join(DCMQI!, '24x38x3', 'nrrd', 'label.nrrd'));
    const mask = { ...emptyLike(multiframe.volume), data: Uint8Array.from(ref.data, (v) => (v ? 1 : 0)) } as Mask;
    const file = join(dir, 'multiframe.dcm');
    unwrap(writeSeg(file, mask, multiframe));
    const back = unwrap(segToMask(unwrap(readSeg(file)), multiframe));
    expect(Array.from(back.mask.data)).toEqual(Array.from(mask.data));
    // Each frame names the CT frame it was drawn on; placement checks that against its position.
    const seg = unwrap(readSeg(file));
    for (const f of seg.frames) {
      const k = multiframe.slices.findIndex((s) => s.frame + 1 === f.sources[0]!.frameNumber);
      expect(f.position![2]).toBeCloseTo(multiframe.slices[k]!.position[2], 6);
    }
  });

  it('writes an empty mask as one empty frame that reads back empty', () => {
    const file = join(dir, 'empty.dcm');
    const written = unwrap(writeSeg(file, emptyLike(series.volume) as Mask, series));
    expect(written.frames).toBe(1);
    expect(written.warnings.join()).toMatch(/mask is empty/);
    const back = unwrap(segToMask(unwrap(readSeg(file)), series));
    expect(back.mask.data.every((v) => v === 0)).toBe(true);
  });

  it('refuses a mask of another size', () => {
    const small = { ...emptyLike(series.volume), dims: [512, 512, 2] as const, data: new Uint8Array(512 * 512 * 2) } as Mask;
    const r = writeSeg(join(dir, 'no.dcm'), small, series);
    expect(!r.ok && r.error).toMatch(/not on the CT's grid/);
    expect(existsSync(join(dir, 'no.dcm'))).toBe(false);
  });
});
