import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVocXml, vocToZeroBased } from '../../../../src/main/io/boxes/voc-parse';
import { vocXml, writeVocAnnotations, zeroBasedToVoc } from '../../../../src/main/io/boxes/voc-write';
import { unwrap } from '../../../../src/shared/result';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';

const dir = tempDir();
const REAL = ['lung-pet-ct-dx', 'Annotation', 'A0002', '1.3.6.1.4.1.14519.5.2.1.6655.2359.122259036515695905512549026864.xml'];
const real = sharedData(...REAL);
if (!real) console.warn(missingDataMessage(...REAL));

describe('PASCAL-VOC writer', () => {
  it.skipIf(!real)('writes byte for byte what Lung-PET-CT-Dx ships for the same box', () => {
    // That file holds class A, xmin 134 ymin 274 xmax 216 ymax 338 (1-based inclusive).
    const xml = vocXml([{ i0: 133, j0: 273, i1: 215, j1: 337, label: 'A' }], 512, 512);
    expect(xml).toBe(readFileSync(real!, 'utf8'));
  });

  it('round-trips 0-based inclusive boxes through the 1-based file convention and our reader', () => {
    const boxes = [{ i0: 0, j0: 5, i1: 10, j1: 5, label: 'A' }, { i0: 100, j0: 90, i1: 159, j1: 159, label: 'G&B' }];
    const parsed = unwrap(parseVocXml(vocXml(boxes, 160, 160), 'x.xml'));
    expect(parsed.width).toBe(160);
    expect(parsed.objects.map((o) => o.name)).toEqual(['A', 'G&B']);
    expect(parsed.objects.map(vocToZeroBased)).toEqual(boxes.map(({ i0, j0, i1, j1 }) => ({ i0, j0, i1, j1 })));
    expect(zeroBasedToVoc(boxes[0]!)).toEqual({ xmin: 1, ymin: 6, xmax: 11, ymax: 6 });
  });

  it('writes one file per annotated slice, named by its SOPInstanceUID', () => {
    const uids = ['2.25.1', '2.25.2', '2.25.3'];
    const boxes = [
      { k: 0, i0: 1, j0: 1, i1: 3, j1: 4, label: 'A', tumor: 1 },
      { k: 2, i0: 1, j0: 1, i1: 3, j1: 4, label: 'A', tumor: 1 },
      { k: 2, i0: 6, j0: 6, i1: 7, j1: 7, label: 'B', tumor: 2 },
    ];
    const names = unwrap(writeVocAnnotations(join(dir, 'voc'), boxes, uids, 8, 8));
    expect(names).toEqual(['2.25.1.xml', '2.25.3.xml']);
    expect(readdirSync(join(dir, 'voc')).sort()).toEqual(names);
    expect(unwrap(parseVocXml(readFileSync(join(dir, 'voc', '2.25.3.xml'), 'utf8'), 'f')).objects).toHaveLength(2);
  });

  it('refuses boxes outside the image or the series', () => {
    expect(writeVocAnnotations(join(dir, 'bad'), [{ k: 0, i0: 0, j0: 0, i1: 8, j1: 1, label: 'A', tumor: 1 }], ['2.25.1'], 8, 8).ok).toBe(false);
    expect(writeVocAnnotations(join(dir, 'bad'), [{ k: 1, i0: 0, j0: 0, i1: 1, j1: 1, label: 'A', tumor: 1 }], ['2.25.1'], 8, 8).ok).toBe(false);
  });
});
