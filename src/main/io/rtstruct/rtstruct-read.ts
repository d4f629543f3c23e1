import { fail, ok, type Result } from '../../../shared/result';
import { readDicomFile } from '../dicom/parse-file';
import { items, num, str } from '../dicom/values';
import { ANN_TAG as T, SOP_CLASS } from '../seg/seg-tags';

export interface RtContour {
  /** CLOSED_PLANAR, OPEN_PLANAR, OPEN_NONPLANAR or POINT. */
  readonly type: string;
  /** x, y, z triples in patient coordinates (LPS mm). */
  readonly points: Float64Array;
  /** SOPInstanceUIDs of the images the contour was drawn on (ContourImageSequence). */
  readonly images: readonly string[];
}

export interface RtRoi {
  readonly number: number;
  readonly name: string;
  readonly frameOfReferenceUid: string;
  readonly contours: readonly RtContour[];
}

/** An RT Structure Set: its ROIs with their contours, and the series it says it was drawn on. */
export interface RtStruct {
  readonly file: string;
  readonly sopInstanceUid: string;
  readonly frameOfReferenceUids: readonly string[];
  readonly referencedSeries: readonly string[];
  readonly rois: readonly RtRoi[];
}

function parseContourData(raw: string, count: number | undefined, where: string): Result<Float64Array> {
  const parts = raw === '' ? [] : raw.split('\\');
  if (parts.length % 3 !== 0) return fail(`${where}: ContourData holds ${parts.length} numbers, not x\\y\\z triples`);
  const out = new Float64Array(parts.length);
  for (let n = 0; n < parts.length; n++) {
    const v = Number(parts[n]);
    if (!Number.isFinite(v) || parts[n]!.trim() === '') return fail(`${where}: ContourData value ${n + 1} is not a number ("${parts[n]}")`);
    out[n] = v;
  }
  if (count !== undefined && count !== parts.length / 3) {
    return fail(`${where}: NumberOfContourPoints says ${count} but ContourData holds ${parts.length / 3} points`);
  }
  return ok(out);
}

/** Reads an RTSTRUCT file; contour data is parsed eagerly so that a bad number is reported here, with its place. */
export function readRtStruct(file: string): Result<RtStruct> {
  const parsed = readDicomFile(file);
  if (!parsed.ok) return parsed;
  const ds = parsed.value.dataSet;
  const modality = str(ds, T.modality);
  if (modality !== 'RTSTRUCT' && str(ds, T.sopClassUid) !== SOP_CLASS.rtStructureSet) {
    return fail(`${file}: not an RT Structure Set (modality ${modality || 'missing'})`);
  }
  const frameOfReferenceUids: string[] = [];
  const referencedSeries: string[] = [];
  for (const rfor of items(ds, T.referencedFrameOfReferenceSequence)) {
    const uid = str(rfor, T.frameOfReferenceUid);
    if (uid) frameOfReferenceUids.push(uid);
    for (const study of items(rfor, T.rtReferencedStudySequence)) {
      for (const series of items(study, T.rtReferencedSeriesSequence)) {
        const s = str(series, T.seriesInstanceUid);
        if (s && !referencedSeries.includes(s)) referencedSeries.push(s);
      }
    }
  }
  const contoursOf = new Map<number, RtContour[]>();
  for (const rc of items(ds, T.roiContourSequence)) {
    const roi = num(rc, T.referencedRoiNumber);
    if (roi === undefined) continue;
    const list = contoursOf.get(roi) ?? [];
    for (const c of items(rc, T.contourSequence)) {
      const where = `${file}: ROI ${roi}, contour ${list.length + 1}`;
      const points = parseContourData(str(c, T.contourData), num(c, T.numberOfContourPoints), where);
      if (!points.ok) return points;
      list.push({
        type: str(c, T.contourGeometricType).toUpperCase(),
        points: points.value,
        images: items(c, T.contourImageSequence).map((i) => str(i, T.referencedSopInstanceUid)).filter(Boolean),
      });
    }
    contoursOf.set(roi, list);
  }
  const rois: RtRoi[] = items(ds, T.structureSetRoiSequence).map((r) => {
    const number = num(r, T.roiNumber) ?? 0;
    return {
      number,
      name: str(r, T.roiName),
      frameOfReferenceUid: str(r, T.referencedFrameOfReferenceUid),
      contours: contoursOf.get(number) ?? [],
    };
  });
  if (rois.length === 0) return fail(`${file}: the structure set lists no ROIs`);
  return ok({ file, sopInstanceUid: str(ds, T.sopInstanceUid), frameOfReferenceUids, referencedSeries, rois });
}
