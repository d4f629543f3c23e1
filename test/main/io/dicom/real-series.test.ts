import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as DicomParser from 'dicom-parser';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import { scanDicom } from '../../../../src/main/io/dicom/scan';
import { unwrap } from '../../../../src/shared/result';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { mat3Column, vecCross, type Vec3 } from '../../../../src/shared/volume/mat3';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';
import { a0002Slice, writeSeries } from './helpers/a0002';
import { cs } from './helpers/edit-dicom';

const root = tempDir();
const need = (...parts: string[]) => {
  const p = sharedData(...parts);
  if (!p) console.warn(missingDataMessage(...parts));
  return p;
};

describe('real series with unusual headers', () => {
  const lungmask = need('lungmask-slices');
  it.skipIf(!lungmask)('lungmask-slices: minimal headers, no Modality, stored values already HU', async () => {
    const s = unwrap(await loadCtSeries(lungmask!));
    expect(s.volume.dims).toEqual([512, 512, 2]);
    expect(Array.from(s.volume.spacing)).toEqual([0.625, 0.625, 1]);
    expect(s.warnings.join(' ')).toMatch(/no Modality/);
    let lung = 0;
    for (const x of s.volume.data) if (x > -950 && x < -500) lung++;
    expect(lung / s.volume.data.length).toBeGreaterThan(0.1);
  });

  const oriented = need('rtstruct', 'rt-utils', 'tests', 'oriented_data');
  it.skipIf(!oriented)('rt-utils oriented_data: an oblique orientation is kept exactly', async () => {
    const s = unwrap(await loadCtSeries(oriented!));
    const v = s.volume;
    const row: Vec3 = [0.9541666, -0.2080757, 0.2151061];
    const col: Vec3 = [0.2785886, 0.880128, -0.3843997];
    mat3Column(v.direction, 0).forEach((x, a) => expect(x).toBeCloseTo(row[a]!, 5));
    mat3Column(v.direction, 1).forEach((x, a) => expect(x).toBeCloseTo(col[a]!, 5));
    mat3Column(v.direction, 2).forEach((x, a) => expect(x).toBeCloseTo(vecCross(row, col)[a]!, 4));
    expect(v.dims).toEqual([100, 50, 3]);
    expect(v.spacing[0]).toBeCloseTo(2.5, 6); // PixelSpacing 3.5\2.5: rows 3.5 apart, columns 2.5 apart
    expect(v.spacing[1]).toBeCloseTo(3.5, 6);
    s.slices.forEach((ref, k) => indexToWorld(v, [0, 0, k]).forEach((x, a) => expect(x).toBeCloseTo(ref.position[a]!, 4)));
  });

  const tsDicom = need('totalsegmentator', 'tests', 'reference_files', 'example_ct_dicom');
  it.skipIf(!tsDicom)('TotalSegmentator example: anonymised files without UIDs form one JPEG 2000 series', async () => {
    const scan = unwrap(await scanDicom(tsDicom!));
    expect(scan.series).toHaveLength(1);
    expect(scan.series[0]!.slices).toBe(20);
    expect(scan.series[0]!.transferSyntaxes).toEqual(['1.2.840.10008.1.2.4.90']);
    expect(scan.series[0]!.warnings.join(' ')).toMatch(/no SeriesInstanceUID/);
  });

  it.skipIf(!tsDicom)('TotalSegmentator example: decoding on worker threads gives the same volume as on one thread', async () => {
    // Eight consecutive JPEG 2000 slices: enough compressed work to go to the threads.
    const dir = join(root, 'ts8');
    mkdirSync(dir);
    readdirSync(tsDicom!).sort().slice(6, 14).forEach((f) => copyFileSync(join(tsDicom!, f), join(dir, f)));
    const [one, two] = [unwrap(await loadCtSeries(dir, { threads: 1 })), unwrap(await loadCtSeries(dir, { threads: 2 }))];
    expect(two.volume.dims).toEqual([512, 512, 8]);
    expect(two.volume.spacing[2]).toBeCloseTo(2, 6);
    expect(two.volume.data).toBeInstanceOf(Int16Array);
    expect(Buffer.from(two.volume.data.buffer).equals(Buffer.from(one.volume.data.buffer))).toBe(true);
    expect(two.slices.map((s) => s.file)).toEqual(one.slices.map((s) => s.file));
    // Asked for shared memory (the CLI), the workers' buffer itself comes back, not a copy.
    expect(two.volume.data.buffer).toBeInstanceOf(ArrayBuffer);
    const shared = unwrap(await loadCtSeries(dir, { threads: 2, shared: true })).volume.data;
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(shared.buffer).equals(Buffer.from(one.volume.data.buffer))).toBe(true);
  });

  const ct1 = need('dicom-syntaxes', 'dicomParser', 'testImages', 'CT1_UNC.implicit_little_endian.dcm');
  it.skipIf(!ct1)('Pixel Padding Value: padding pixels become air (-1024 HU) and are counted', async () => {
    const s = unwrap(await loadCtSeries(ct1!));
    // Independent count: raw int16 values of -2000 in the pixel data as dicom-parser finds it.
    const bytes = readFileSync(ct1!);
    const start = (createRequire(import.meta.url)('dicom-parser') as typeof DicomParser).parseDicom(bytes).elements['x7fe00010']!.dataOffset;
    let raw = 0;
    for (let i = 0; i < 512 * 512; i++) if (bytes.readInt16LE(start + 2 * i) === -2000) raw++;
    expect(raw).toBeGreaterThan(1000);
    expect(s.warnings.join(' ')).toContain(`${raw} padding pixels`);
    let min = Infinity;
    for (const x of s.volume.data) min = Math.min(min, x);
    expect(min).toBe(-1024);
  });

  it.skipIf(!ct1)('a bare dataset without preamble and meta header (old archives) reads as implicit little endian', async () => {
    const bytes = readFileSync(ct1!);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const metaEnd = 132 + 12 + dv.getUint32(140, true); // (0002,0000) UL group length
    const bare = join(root, 'bare.dcm');
    writeFileSync(bare, bytes.subarray(metaEnd));
    const a = unwrap(await loadCtSeries(ct1!)).volume;
    const b = unwrap(await loadCtSeries(bare)).volume;
    expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
  });
});

describe.skipIf(!a0002Slice(1))('stored-value details', () => {
  it('bits above BitsStored (overlay or junk) do not reach the HU values', async () => {
    const dir = writeSeries(join(root, 'junk'), [10]);
    const f = join(dir, 'slice10.dcm');
    const clean = unwrap(await loadCtSeries(f)).volume.data.slice();
    const bytes = readFileSync(f);
    const start = bytes.length - 512 * 512 * 2;
    for (let i = 0; i < 512 * 512; i += 3) bytes.writeUInt16LE(bytes.readUInt16LE(start + 2 * i) | 0xf000, start + 2 * i);
    writeFileSync(f, bytes);
    const dirty = unwrap(await loadCtSeries(f)).volume.data;
    expect(Buffer.from(dirty.buffer).equals(Buffer.from(clean.buffer))).toBe(true);
  });

  it('MONOCHROME1: the rescale applies to stored values as they are, with a note', async () => {
    const a = unwrap(await loadCtSeries(writeSeries(join(root, 'm2'), [10, 11]))).volume;
    const s = unwrap(await loadCtSeries(writeSeries(join(root, 'm1'), [10, 11], () => ({ x00280004: cs('MONOCHROME1') }))));
    expect(Buffer.from(s.volume.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    expect(s.warnings.join(' ')).toMatch(/MONOCHROME1/);
  });
});

type DcmjsData = {
  DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer };
  DicomMetaDictionary: { denaturalizeDataset(d: Record<string, unknown>): unknown };
};

/** A DICOMDIR (written with dcmjs) whose IMAGE records reference `ids` (path components). */
function writeDicomdir(dir: string, ids: string[][]): void {
  const { DicomDict, DicomMetaDictionary } = (createRequire(import.meta.url)('dcmjs') as { data: DcmjsData }).data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: '1.2.840.10008.1.3.10',
    MediaStorageSOPInstanceUID: '1.2.826.0.1.3680043.2.1125.5.5',
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.826.0.1.3680043.2.1125.5',
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    FileSetID: 'LUNGTS',
    DirectoryRecordSequence: ids.map((id) => ({ DirectoryRecordType: 'IMAGE', ReferencedFileID: id })),
  });
  writeFileSync(join(dir, 'DICOMDIR'), Buffer.from(dict.write()));
}

describe.skipIf(!a0002Slice(1))('DICOMDIR', () => {
  const SIX = [10, 11, 12, 13, 14, 15];
  function cd(name: string): string {
    // A patient CD: images under lower-case names that the DICOMDIR spells in upper case, plus a viewer program.
    const dir = join(root, name);
    const series = writeSeries(join(dir, 'images', 'ser1'), SIX);
    SIX.forEach((n) => renameSync(join(series, `slice${n}.dcm`), join(series, `im${n}`)));
    mkdirSync(join(dir, 'viewer'));
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'viewer', `lib${i}.dll`), 'MZ not an image');
    writeDicomdir(dir, SIX.map((n) => ['IMAGES', 'SER1', `IM${n}`]));
    return dir;
  }

  it('finds the files it references (case-insensitively) and reads nothing else', async () => {
    const dir = cd('cd-ok');
    const scan = unwrap(await scanDicom(dir));
    expect(scan.skipped).toEqual([]); // the viewer's files were never opened
    expect(scan.warnings.join(' ')).toMatch(/DICOMDIR .* lists 6 files; 5 other files in the folder were not read/);
    expect(unwrap(await loadCtSeries(dir)).volume.dims[2]).toBe(6);
  });

  it('a stale DICOMDIR (a referenced file moved) falls back to searching the folder', async () => {
    const dir = cd('cd-stale');
    renameSync(join(dir, 'images', 'ser1', 'im12'), join(dir, 'images', 'moved-im12'));
    copyFileSync(join(dir, 'images', 'moved-im12'), join(dir, 'images', 'ser1', 'copy-im12'));
    const s = unwrap(await loadCtSeries(dir));
    expect(s.volume.dims[2]).toBe(6);
    expect(s.warnings.join(' ')).toMatch(/DICOMDIR .* is stale \(1 of 6 referenced files are missing/);
  });
});
