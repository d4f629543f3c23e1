import { describe, expect, it } from 'vitest';
import { parseVocXml, vocToZeroBased } from '../../../../src/main/io/boxes/voc-parse';
import { vocXml } from '../../../../src/main/io/boxes/voc-write';
import { unwrap } from '../../../../src/shared/result';

describe('parseVocXml', () => {
  it('reads back what the phantom writer writes, box for box, in the 1-based convention', () => {
    const boxes = [{ i0: 0, j0: 5, i1: 10, j1: 20, label: 'A' }, { i0: 100, j0: 100, i1: 100, j1: 101, label: 'B & <G>' }];
    const parsed = unwrap(parseVocXml(vocXml(boxes, 128, 96), 'mem.xml'));
    expect([parsed.width, parsed.height]).toEqual([128, 96]);
    expect(parsed.objects.map((o) => ({ ...vocToZeroBased(o), label: o.name }))).toEqual(boxes);
    expect(parsed.objects[0]).toMatchObject({ xmin: 1, ymin: 6, xmax: 11, ymax: 21 });
  });

  it('accepts whole numbers written as decimals and refuses fractions, reversed corners and missing fields', () => {
    const one = (box: string) => `<annotation><object><name>A</name><bndbox>${box}</bndbox></object></annotation>`;
    expect(unwrap(parseVocXml(one('<xmin>3.0</xmin><ymin>4</ymin><xmax>5</xmax><ymax>6</ymax>'), 'f')).objects[0]!.xmin).toBe(3);
    expect(parseVocXml(one('<xmin>3.5</xmin><ymin>4</ymin><xmax>5</xmax><ymax>6</ymax>'), 'f')).toMatchObject({ ok: false, error: expect.stringMatching(/<xmin> is not a whole pixel number/) });
    expect(parseVocXml(one('<xmin>9</xmin><ymin>4</ymin><xmax>5</xmax><ymax>6</ymax>'), 'f')).toMatchObject({ ok: false, error: expect.stringMatching(/reversed/) });
    expect(parseVocXml(one('<xmin>3</xmin><ymin>4</ymin><xmax>5</xmax>'), 'f')).toMatchObject({ ok: false, error: expect.stringMatching(/<ymax> is missing/) });
    expect(parseVocXml('<notvoc/>', 'f')).toMatchObject({ ok: false, error: expect.stringMatching(/no <annotation> root/) });
  });
});
