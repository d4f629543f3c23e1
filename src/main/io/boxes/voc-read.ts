import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lpsGeometry } from '../../../shared/boxes/lps-grid';
import { mapBoxesToGrid } from '../../../shared/boxes/map-grid';
import { groupTumors, sortBoxes } from '../../../shared/boxes/tumors';
import type { AxialBox, BoxSet } from '../../../shared/boxes/types';
import { fail, ok, type Result } from '../../../shared/result';
import { geometryOf } from '../../../shared/volume/volume';
import type { LoadedCtSeries } from '../dicom/types';
import { parseVocXml, vocToZeroBased, type VocAnnotation } from './voc-parse';

export interface VocBoxesResult {
  /** Boxes on the series' LPS grid, tumours grouped across adjacent slices. */
  readonly set: BoxSet;
  /** XML files read. */
  readonly files: number;
  /** XML files whose slice is in the series. */
  readonly matched: number;
  /** SOPInstanceUIDs named by XML files but not in this series (e.g. the other reconstruction of the same scan). */
  readonly otherSeries: readonly string[];
  readonly warnings: readonly string[];
}

function listXml(dir: string): Result<string[]> {
  try {
    if (!statSync(dir).isDirectory()) return fail(`${dir} is not a folder of PASCAL-VOC .xml files`);
    return ok(readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xml')).sort());
  } catch (e) {
    return fail(`cannot read ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * Reads Lung-PET-CT-Dx style box annotations: one PASCAL-VOC XML per annotated slice, the
 * file named by that slice's SOPInstanceUID, the class name kept as the box label. Pixel
 * numbers follow VOC_PIXEL_CONVENTION (1-based inclusive). Boxes are placed on the series'
 * native grid by SOPInstanceUID, then moved through world coordinates onto the LPS grid.
 * Files naming slices of another series are skipped unread and listed, not an error, because
 * a study's annotation folder covers all its reconstructions; if none names this series, or a
 * file of this series is malformed, or a box leaves its image, the read fails naming the file.
 */
export function readVocBoxes(dir: string, series: LoadedCtSeries): Result<VocBoxesResult> {
  const listed = listXml(dir);
  if (!listed.ok) return listed;
  if (listed.value.length === 0) return fail(`${dir} holds no .xml box files`);
  const sliceOf = new Map(series.slices.map((s, k) => [s.sopInstanceUid, k]));
  const [columns, rows] = series.volume.dims;
  const nativeBoxes: AxialBox[] = [];
  const otherSeries: string[] = [];
  const warnings: string[] = [];
  let matched = 0;
  for (const name of listed.value) {
    const file = join(dir, name);
    const uid = basename(name, name.slice(-4));
    const k = sliceOf.get(uid);
    if (k === undefined) {
      otherSeries.push(uid);
      continue;
    }
    let parsed: Result<VocAnnotation>;
    try {
      parsed = parseVocXml(readFileSync(file, 'utf8'), file);
    } catch (e) {
      return fail(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (!parsed.ok) return parsed;
    matched++;
    const ann = parsed.value;
    if ((ann.width !== undefined && ann.width !== columns) || (ann.height !== undefined && ann.height !== rows)) {
      return fail(`${file}: drawn on a ${ann.width}x${ann.height} image but slice ${k} of the series is ${columns}x${rows}`);
    }
    if (ann.objects.length === 0) warnings.push(`${file}: no <object> boxes in the file`);
    for (let n = 0; n < ann.objects.length; n++) {
      const o = ann.objects[n]!;
      const b = vocToZeroBased(o);
      if (b.i0 < 0 || b.j0 < 0 || b.i1 >= columns || b.j1 >= rows) {
        return fail(
          `${file}: object ${n + 1} (x ${o.xmin}..${o.xmax}, y ${o.ymin}..${o.ymax}) lies outside the ${columns}x${rows} image ` +
            '(pixels are 1-based: x 1..columns, y 1..rows)',
        );
      }
      nativeBoxes.push({ k, ...b, label: o.name, tumor: 0, sopInstanceUid: uid });
    }
  }
  if (matched === 0) {
    return fail(
      `none of the ${listed.value.length} box files in ${dir} names a slice of series ${series.info.seriesInstanceUid} ` +
        '(file names must be the SOPInstanceUIDs of its slices)',
    );
  }
  const grid = lpsGeometry(series.volume);
  const mapped = mapBoxesToGrid(nativeBoxes, geometryOf(series.volume), grid);
  if (!mapped.ok) return mapped;
  const set: BoxSet = { format: 'lungts-boxes', version: 1, grid, boxes: sortBoxes(groupTumors(mapped.value)) };
  return ok({ set, files: listed.value.length, matched, otherSeries, warnings });
}
