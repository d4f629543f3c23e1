import { fillPolygonsEvenOdd } from '../../../shared/masks/polygon-fill';
import { fail, ok, type Result } from '../../../shared/result';
import { worldToIndex } from '../../../shared/volume/geometry';
import { geometryOf } from '../../../shared/volume/volume';
import type { LoadedCtSeries } from '../dicom/types';
import { pickStructures, type ImportedMask, type MaskLabel } from '../seg/imported-mask';
import { SliceIndex } from '../seg/slice-match';
import type { RtContour, RtRoi, RtStruct } from './rtstruct-read';

/** A contour whose plane sits farther than this (in slices) from a CT slice centre does not belong to the CT. */
const PLANE_TOLERANCE_SLICES = 0.25;

export interface RtImportOptions {
  /** ROIs to import by name (case-insensitive, e.g. "GTV-1") or number; default all. */
  readonly rois?: readonly string[];
}

interface PlacedContour {
  readonly k: number;
  /** x, y pairs in the CT's continuous pixel indices. */
  readonly xy: Float64Array;
}

/** Puts one contour on a CT slice: by the image it references, checked against its plane, or by its plane alone. */
function placeContour(c: RtContour, where: string, index: SliceIndex): Result<PlacedContour> {
  const g = index.series.volume;
  const n = c.points.length / 3;
  const xy = new Float64Array(2 * n);
  let zMin = Infinity, zMax = -Infinity, zSum = 0;
  for (let p = 0; p < n; p++) {
    const [x, y, z] = worldToIndex(g, [c.points[3 * p]!, c.points[3 * p + 1]!, c.points[3 * p + 2]!]);
    xy[2 * p] = x;
    xy[2 * p + 1] = y;
    zMin = Math.min(zMin, z);
    zMax = Math.max(zMax, z);
    zSum += z;
  }
  if (zMax - zMin > 2 * PLANE_TOLERANCE_SLICES) return fail(`${where}: the contour is not on one axial slice of the CT (it spans ${(zMax - zMin).toFixed(2)} slices)`);
  const zMean = zSum / n;
  let k = Math.round(zMean);
  for (const uid of c.images) {
    const hit = index.slice(uid);
    if (hit === undefined) {
      return fail(`${where}: references image ${uid}, which is not in the CT series ${index.series.info.seriesInstanceUid} (the structure set has invalid references for this CT)`);
    }
    if (Math.abs(hit - zMean) > 0.5) return fail(`${where}: references CT slice ${hit} but its points lie at slice ${zMean.toFixed(2)}`);
    k = hit;
  }
  if (Math.abs(zMean - k) > PLANE_TOLERANCE_SLICES) return fail(`${where}: the contour lies between CT slices (at slice ${zMean.toFixed(2)})`);
  if (k < 0 || k >= g.dims[2]) return fail(`${where}: the contour lies outside the CT (slice ${k}, the CT has 0..${g.dims[2] - 1})`);
  return ok({ k, xy });
}

/**
 * Rasterises RTSTRUCT contours onto the referenced CT's native grid. Rule: on each slice, all
 * CLOSED_PLANAR contours of one ROI are filled together with the even-odd rule at voxel
 * centres (fillPolygonsEvenOdd), so nested contours make holes. Refuses a structure set for
 * another series, contours referencing images not in the CT, and contours off the CT's
 * slices. Open contours and points have no inside and are skipped with a warning. Where
 * several imported ROIs overlap, the higher ROI number is kept and the overlap reported.
 */
export function rtstructToMask(rt: RtStruct, series: LoadedCtSeries, options: RtImportOptions = {}): Result<ImportedMask> {
  const ctSeries = series.info.seriesInstanceUid;
  const warnings: string[] = [];
  if (rt.referencedSeries.length && !rt.referencedSeries.includes(ctSeries)) {
    return fail(`${rt.file} was drawn on series ${rt.referencedSeries.join(', ')}, but the CT given is series ${ctSeries}`);
  }
  const pick = pickStructures(rt.rois, options.rois, 'ROI');
  if (!pick.ok) return fail(`${rt.file}: ${pick.error}`);
  const ctFor = series.info.frameOfReferenceUid;
  const g = series.volume;
  const [nx, ny, nz] = g.dims;
  const data = new Uint8Array(nx * ny * nz);
  const sliceBuffer = new Uint8Array(nx * ny);
  const index = new SliceIndex(series);
  let overlaps = 0;
  const labels: MaskLabel[] = [];
  for (const { s: roi, value } of pick.picked) {
    const forUid = roi.frameOfReferenceUid;
    if (forUid && ctFor && forUid !== ctFor) {
      if (!rt.referencedSeries.includes(ctSeries)) return fail(`${rt.file}: ROI "${roi.name}" is in frame of reference ${forUid}, not the CT's (${ctFor})`);
      warnings.push(`${rt.file}: ROI "${roi.name}" names frame of reference ${forUid}, not the CT's ${ctFor}; placed by the referenced series`);
    }
    const placed = placeRoi(roi);
    if (!placed.ok) return placed;
    let voxels = 0;
    for (const [k, polygons] of placed.value) {
      sliceBuffer.fill(0);
      fillPolygonsEvenOdd(polygons, nx, ny, sliceBuffer, 0, 1);
      const base = k * nx * ny;
      for (let p = 0; p < sliceBuffer.length; p++) {
        if (!sliceBuffer[p]) continue;
        const prev = data[base + p]!;
        if (prev !== 0 && prev !== value) overlaps++;
        data[base + p] = Math.max(prev, value);
        voxels++;
      }
    }
    labels.push({ value, name: roi.name, source: roi.number, voxels });
    if (voxels === 0) warnings.push(`${rt.file}: ROI ${roi.number} "${roi.name}" covers no voxel centre of this CT`);
  }
  if (overlaps > 0) warnings.push(`${rt.file}: ROIs overlap in ${overlaps} voxels; the higher ROI number was kept there`);
  return ok({ mask: { ...geometryOf(g), data }, labels, warnings });

  function placeRoi(roi: RtRoi): Result<Map<number, Float64Array[]>> {
    const bySlice = new Map<number, Float64Array[]>();
    let skipped = 0;
    for (let n = 0; n < roi.contours.length; n++) {
      const c = roi.contours[n]!;
      if (c.type !== 'CLOSED_PLANAR') {
        skipped++;
        continue;
      }
      const placed = placeContour(c, `${rt.file}: ROI "${roi.name}", contour ${n + 1}`, index);
      if (!placed.ok) return placed;
      const list = bySlice.get(placed.value.k) ?? [];
      list.push(placed.value.xy);
      bySlice.set(placed.value.k, list);
    }
    if (skipped) warnings.push(`${rt.file}: ROI "${roi.name}": ${skipped} open or point contour(s) skipped (they enclose no area)`);
    return ok(bySlice);
  }
}
