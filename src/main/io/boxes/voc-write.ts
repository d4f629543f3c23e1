import { join } from 'node:path';
import type { AxialBox } from '../../../shared/boxes/types';
import { fail, ok, type Result } from '../../../shared/result';
import { writeFileAtomic } from '../../fs/atomic';

/** The pixel numbers a VOC file holds for a 0-based inclusive box: 1-based inclusive (LabelImg, Lung-PET-CT-Dx). */
export function zeroBasedToVoc(b: Pick<AxialBox, 'i0' | 'j0' | 'i1' | 'j1'>): { xmin: number; ymin: number; xmax: number; ymax: number } {
  return { xmin: b.i0 + 1, ymin: b.j0 + 1, xmax: b.i1 + 1, ymax: b.j1 + 1 };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One slice's annotation in the exact layout of Lung-PET-CT-Dx's LabelImg files (element
 * order, two-space indent, the "Unknow" placeholders, no trailing newline), one <object> per box.
 * `width` and `height` are the slice's columns and rows.
 */
export function vocXml(boxes: readonly Pick<AxialBox, 'i0' | 'j0' | 'i1' | 'j1' | 'label'>[], width: number, height: number): string {
  const objects = boxes.map((b) => {
    const v = zeroBasedToVoc(b);
    return [
      '  <object>',
      `    <name>${escapeXml(b.label)}</name>`,
      '    <pose>Unspecified</pose>',
      '    <truncated>0</truncated>',
      '    <Difficult>0</Difficult>',
      '    <bndbox>',
      `      <xmin>${v.xmin}</xmin>`,
      `      <ymin>${v.ymin}</ymin>`,
      `      <xmax>${v.xmax}</xmax>`,
      `      <ymax>${v.ymax}</ymax>`,
      '    </bndbox>',
      '  </object>',
    ].join('\n');
  });
  return [
    '<annotation verified="no">',
    '  <folder>Unknow</folder>',
    '  <filename>Unknow</filename>',
    '  <path>Unknow</path>',
    '  <source>Unknow<database>Unknown</database>',
    '  </source>',
    '  <size>',
    `    <width>${width}</width>`,
    `    <height>${height}</height>`,
    '    <depth>1</depth>',
    '  </size>',
    '  <segmented>0</segmented>',
    ...objects,
    '</annotation>',
  ].join('\n');
}

/**
 * Writes one XML per annotated slice into `folder`, named `<SOPInstanceUID>.xml` where
 * `sopInstanceUids[k]` names slice k. Boxes must lie on the series' own pixel grid
 * (i = column, j = row of slice k). Returns the file names written.
 */
export function writeVocAnnotations(
  folder: string, boxes: readonly AxialBox[], sopInstanceUids: readonly string[], width: number, height: number,
): Result<string[]> {
  const bySlice = new Map<number, AxialBox[]>();
  for (const b of boxes) {
    if (b.k < 0 || b.k >= sopInstanceUids.length) return fail(`box on slice ${b.k} is outside the series (${sopInstanceUids.length} slices)`);
    if (b.i0 < 0 || b.j0 < 0 || b.i1 >= width || b.j1 >= height || b.i0 > b.i1 || b.j0 > b.j1) {
      return fail(`box on slice ${b.k} (${b.i0}..${b.i1}, ${b.j0}..${b.j1}) does not fit a ${width}x${height} image`);
    }
    bySlice.set(b.k, [...(bySlice.get(b.k) ?? []), b]);
  }
  const written: string[] = [];
  for (const [k, list] of [...bySlice.entries()].sort((a, b) => a[0] - b[0])) {
    const name = `${sopInstanceUids[k]}.xml`;
    try {
      writeFileAtomic(join(folder, name), vocXml(list, width, height));
    } catch (e) {
      return fail(`cannot write ${join(folder, name)} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    written.push(name);
  }
  return ok(written);
}
