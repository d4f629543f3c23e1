import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBoxSet, writeBoxSet } from '../../../../src/main/io/boxes/box-json';
import { readVocBoxes } from '../../../../src/main/io/boxes/voc-read';
import { parseVocXml } from '../../../../src/main/io/boxes/voc-parse';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import type { LoadedCtSeries } from '../../../../src/main/io/dicom/types';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { unwrap } from '../../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';

const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const B70F = sharedData(...STUDY, '2.000000-ThoraxRoutine  8.0.0  B70f-62919');
const B40F = sharedData(...STUDY, '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
const have = Boolean(B70F && B40F && XML);
if (!have) console.warn(missingDataMessage('lung-pet-ct-dx'));

// From ../shared/data/lung-pet-ct-dx/SOURCES.md: XML file (SOP UID suffix) -> the slice file it names and its VOC box.
const EXPECTED_B40F: [string, string, [number, number, number, number]][] = [
  ['476982701137697438217958989680', '1-18.dcm', [146, 285, 207, 335]],
  ['122259036515695905512549026864', '1-17.dcm', [134, 274, 216, 338]],
  ['191960383852949572073542121650', '1-09.dcm', [172, 275, 232, 348]],
];
const EXPECTED_B70F: [string, string, [number, number, number, number]][] = [
  ['124409970701988247716822562307', '1-15.dcm', [111, 251, 225, 330]],
  ['173449310598687100821553560050', '1-11.dcm', [171, 256, 228, 340]],
];

describe.skipIf(!have)('Lung-PET-CT-Dx A0002 boxes', () => {
  let b40: LoadedCtSeries;
  let b70: LoadedCtSeries;
  beforeAll(async () => {
    b40 = unwrap(await loadCtSeries(B40F!));
    b70 = unwrap(await loadCtSeries(B70F!));
  });

  function check(series: LoadedCtSeries, expected: typeof EXPECTED_B40F, count: number): void {
    const r = unwrap(readVocBoxes(XML!, series));
    expect(r.files).toBe(18);
    expect(r.matched).toBe(count);
    expect(r.otherSeries).toHaveLength(18 - count);
    expect(r.set.boxes).toHaveLength(count);
    // One tumour: every box is class A and they link across consecutive slices.
    expect(new Set(r.set.boxes.map((b) => b.tumor))).toEqual(new Set([1]));
    expect(new Set(r.set.boxes.map((b) => b.label))).toEqual(new Set(['A']));
    for (const [uidEnd, file, [xmin, ymin, xmax, ymax]] of expected) {
      const box = r.set.boxes.find((b) => b.sopInstanceUid?.endsWith(uidEnd));
      expect(box, uidEnd).toBeDefined();
      // The slice the box sits on is the file the annotation names (through SOP UID and geometry).
      const native = series.slices.findIndex((s) => s.file.endsWith(`/${file}`));
      expect(series.slices[native]!.sopInstanceUid.endsWith(uidEnd)).toBe(true);
      const worldOfBoxSlice = indexToWorld(r.set.grid, [0, 0, box!.k])[2];
      expect(worldOfBoxSlice).toBeCloseTo(series.slices[native]!.position[2], 4);
      // 1-based inclusive VOC pixels -> 0-based inclusive voxel indices (this series is already LPS).
      expect([box!.i0, box!.j0, box!.i1, box!.j1]).toEqual([xmin - 1, ymin - 1, xmax - 1, ymax - 1]);
    }
  }

  it('puts the B40f boxes on the slices their XML files name, with the 1-based pixel convention', () => check(b40, EXPECTED_B40F, 10));
  it('puts the B70f boxes on its own slices and skips the other reconstruction', () => check(b70, EXPECTED_B70F, 8));

  it('keeps every box corner at the same world position when the native grid is flipped', () => {
    // The same slices described by a grid whose rows run toward the patient's right and
    // whose slices descend: VOC pixels are read on that grid, boxes must move through world.
    const v = b40.volume;
    const [nx, , nz] = v.dims;
    const flipped: LoadedCtSeries = {
      ...b40,
      volume: { ...v, origin: indexToWorld(v, [nx - 1, 0, nz - 1]), direction: [-1, 0, 0, 0, 1, 0, 0, 0, -1] },
      slices: [...b40.slices].reverse(),
    };
    const plain = unwrap(readVocBoxes(XML!, b40)).set;
    const moved = unwrap(readVocBoxes(XML!, flipped));
    expect(moved.set.grid.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (const box of moved.set.boxes) {
      const uid = box.sopInstanceUid!;
      const kNative = flipped.slices.findIndex((s) => s.sopInstanceUid === uid);
      const xml = unwrap(parseVocXml(readFileSync(join(XML!, `${uid}.xml`), 'utf8'), uid)).objects[0]!;
      const nativeCorner = indexToWorld(flipped.volume, [xml.xmin - 1, xml.ymin - 1, kNative]);
      const nativeFar = indexToWorld(flipped.volume, [xml.xmax - 1, xml.ymax - 1, kNative]);
      const a = indexToWorld(moved.set.grid, [box.i0, box.j0, box.k]);
      const b = indexToWorld(moved.set.grid, [box.i1, box.j1, box.k]);
      expect(Math.min(a[0], b[0])).toBeCloseTo(Math.min(nativeCorner[0], nativeFar[0]), 4);
      expect(Math.max(a[0], b[0])).toBeCloseTo(Math.max(nativeCorner[0], nativeFar[0]), 4);
      expect(a[1]).toBeCloseTo(nativeCorner[1], 4);
      expect(a[2]).toBeCloseTo(nativeCorner[2], 4);
      // Same physical slice as the unflipped read; rows unchanged; columns mirrored (the file's
      // pixels now count from the other side of the patient).
      const same = plain.boxes.find((p) => p.sopInstanceUid === uid)!;
      expect([box.k, box.j0, box.j1]).toEqual([same.k, same.j0, same.j1]);
      expect([box.i0, box.i1]).toEqual([nx - 1 - same.i1, nx - 1 - same.i0]);
    }
  });

  it('writes boxes.json atomically and reads it back identical', () => {
    const dir = tempDir();
    const set = unwrap(readVocBoxes(XML!, b40)).set;
    const path = join(dir, 'boxes.json');
    unwrap(writeBoxSet(path, set));
    expect(unwrap(readBoxSet(path))).toEqual(set);
  });

  describe('bad input', () => {
    const dir = tempDir();
    const uid = '1.3.6.1.4.1.14519.5.2.1.6655.2359.476982701137697438217958989680';
    const good = () => readFileSync(join(XML!, `${uid}.xml`), 'utf8');
    function folderWith(name: string, text: string): string {
      const d = join(dir, name);
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, `${uid}.xml`), text);
      return d;
    }

    it('names a malformed XML file', () => {
      const r = readVocBoxes(folderWith('malformed', good().replace('</bndbox>', '')), b40);
      expect(!r.ok && r.error).toMatch(new RegExp(`${uid}\\.xml: malformed XML at line \\d+`));
    });

    it('refuses a box outside the image', () => {
      const r = readVocBoxes(folderWith('outside', good().replace('<xmax>207</xmax>', '<xmax>513</xmax>')), b40);
      expect(!r.ok && r.error).toMatch(/object 1 \(x 146\.\.513, y 285\.\.335\) lies outside the 512x512 image/);
    });

    it('refuses a file drawn on an image of another size', () => {
      const r = readVocBoxes(folderWith('size', good().replace('<width>512</width>', '<width>256</width>')), b40);
      expect(!r.ok && r.error).toMatch(/drawn on a 256x512 image/);
    });

    it('says so when no file names a slice of the series', () => {
      const d = join(dir, 'other');
      mkdirSync(d, { recursive: true });
      copyFileSync(join(XML!, `${uid}.xml`), join(d, `${uid}.xml`));
      const r = readVocBoxes(d, b70);
      expect(!r.ok && r.error).toMatch(/none of the 1 box files .* names a slice of series/);
    });

    it('refuses a folder without XML files and a non-numeric coordinate', () => {
      mkdirSync(join(dir, 'empty'), { recursive: true });
      expect(readVocBoxes(join(dir, 'empty'), b40).ok).toBe(false);
      const r = readVocBoxes(folderWith('nan', good().replace('<ymin>285</ymin>', '<ymin>abc</ymin>')), b40);
      expect(!r.ok && r.error).toMatch(/<ymin> is not a number \("abc"\)/);
    });
  });
});
