import { fail, ok, type Result } from '../../../shared/result';
import { geometryOf } from '../../../shared/volume/volume';
import type { LoadedCtSeries } from '../dicom/types';
import { pickStructures, type ImportedMask, type MaskLabel } from './imported-mask';
import type { DicomSeg, SegFrame } from './seg-read';
import { inPlaneMismatch, placeOnGrid, SliceIndex, type GridPlacement } from './slice-match';

export interface SegImportOptions {
  /** Segments to import, by label (case-insensitive) or number; default all. */
  readonly segments?: readonly string[];
  /**
   * FRACTIONAL segments: a pixel is inside when value / MaximumFractionalValue >= threshold
   * (default 0.5, the network's own threshold).
   */
  readonly threshold?: number;
}

/**
 * Where a frame goes: by the CT instance (and frame) its DerivationImageSequence names, else by
 * its PlanePositionSequence. When both are given they must agree; a referenced image that is
 * not in the CT is an error (the SEG was made for other images), not a cue to guess.
 */
function placeFrame(seg: DicomSeg, f: number, frame: SegFrame, index: SliceIndex): Result<GridPlacement> {
  const g = index.series.volume;
  const where = `${seg.file}: frame ${f + 1}`;
  const byPosition = frame.position ? placeOnGrid(g, frame.position) : undefined;
  if (frame.position && !byPosition) {
    return fail(`${where}: its position (${frame.position.map((v) => v.toFixed(2)).join(', ')}) is not on a voxel of the CT grid`);
  }
  let k: number | undefined;
  const missing: string[] = [];
  for (const src of frame.sources) {
    const hit = index.slice(src.sopInstanceUid, src.frameNumber);
    if (hit === undefined) missing.push(src.sopInstanceUid);
    else if (k === undefined) k = hit;
  }
  if (k === undefined && missing.length) {
    return fail(`${where}: references image ${missing[0]}, which is not in the CT series ${index.series.info.seriesInstanceUid}`);
  }
  if (k !== undefined) {
    if (byPosition && byPosition.k !== k) {
      return fail(`${where}: references CT slice ${k} but its position lies on slice ${byPosition.k}; the SEG is inconsistent`);
    }
    return ok(byPosition ?? { k, i: 0, j: 0 });
  }
  if (byPosition) return ok(byPosition);
  return fail(`${where}: names neither a source image nor a plane position, so it cannot be placed on the CT`);
}

/**
 * Rasterises a SEG onto the series' native grid. Refuses a SEG made for another series (by
 * ReferencedSeriesSequence), frames whose pixel grid does not run along the CT's, and frames
 * that fall off the CT; where segments overlap, the higher segment number is kept and the
 * overlap is reported.
 */
export function segToMask(seg: DicomSeg, series: LoadedCtSeries, options: SegImportOptions = {}): Result<ImportedMask> {
  const ctSeries = series.info.seriesInstanceUid;
  const warnings: string[] = [];
  const refs = seg.referencedSeries.map((r) => r.seriesInstanceUid).filter(Boolean);
  if (refs.length && !refs.includes(ctSeries)) {
    return fail(`${seg.file} segments series ${refs.join(', ')}, but the CT given is series ${ctSeries}${series.info.seriesDescription ? ` ("${series.info.seriesDescription}")` : ''}`);
  }
  const ctFor = series.info.frameOfReferenceUid;
  if (seg.frameOfReferenceUid && ctFor && seg.frameOfReferenceUid !== ctFor) {
    if (!refs.length) return fail(`${seg.file}: its frame of reference ${seg.frameOfReferenceUid} is not the CT's (${ctFor})`);
    warnings.push(`${seg.file}: frame of reference ${seg.frameOfReferenceUid} differs from the CT's ${ctFor}; placed by the referenced images`);
  }
  const available = seg.type === 'LABELMAP'
    ? seg.segments.filter((s) => s.number > 0)
    : seg.segments;
  const pick = pickStructures(available.map((s) => ({ ...s, name: s.label })), options.segments, 'segment');
  if (!pick.ok) return fail(`${seg.file}: ${pick.error}`);
  const valueOf = new Map(pick.picked.map((p) => [p.s.number, p.value]));
  const threshold = (options.threshold ?? 0.5) * seg.maxFractionalValue;

  const g = series.volume;
  const [nx, ny, nz] = g.dims;
  const data = new Uint8Array(nx * ny * nz);
  const frameSize = seg.rows * seg.columns;
  const index = new SliceIndex(series);
  let overlaps = 0;
  for (let f = 0; f < seg.frames.length; f++) {
    const frame = seg.frames[f]!;
    if (frame.segment !== undefined && !valueOf.has(frame.segment)) continue;
    const off = f * frameSize;
    let any = false;
    for (let p = 0; p < frameSize && !any; p++) any = seg.pixels[off + p] !== 0;
    if (!any) continue;
    const mismatch = inPlaneMismatch(g, frame.orientation, frame.pixelSpacing);
    if (mismatch) return fail(`${seg.file}: frame ${f + 1}: ${mismatch}; resampling a SEG is not supported`);
    const placed = placeFrame(seg, f, frame, index);
    if (!placed.ok) return placed;
    const at = placed.value;
    if (at.k < 0 || at.k >= nz) return fail(`${seg.file}: frame ${f + 1} lies on slice ${at.k}, outside the CT's 0..${nz - 1}`);
    for (let r = 0; r < seg.rows; r++) {
      for (let c = 0; c < seg.columns; c++) {
        const v = seg.pixels[off + r * seg.columns + c]!;
        if (v === 0) continue;
        let value: number | undefined;
        if (seg.type === 'LABELMAP') value = valueOf.get(v);
        else if (seg.type === 'FRACTIONAL') value = v >= threshold ? valueOf.get(frame.segment!) : undefined;
        else value = valueOf.get(frame.segment!);
        if (value === undefined) continue;
        const i = at.i + c, j = at.j + r;
        if (i < 0 || j < 0 || i >= nx || j >= ny) return fail(`${seg.file}: frame ${f + 1} has segment pixels outside the CT image`);
        const q = i + nx * (j + ny * at.k);
        const prev = data[q]!;
        if (prev !== 0 && prev !== value) overlaps++;
        data[q] = Math.max(prev, value);
      }
    }
  }
  if (overlaps > 0) warnings.push(`${seg.file}: segments overlap in ${overlaps} voxels; the higher segment number was kept there`);
  const counts = new Map<number, number>();
  for (let q = 0; q < data.length; q++) if (data[q]) counts.set(data[q]!, (counts.get(data[q]!) ?? 0) + 1);
  const labels: MaskLabel[] = pick.picked.map((p) => ({ value: p.value, name: p.s.label, source: p.s.number, voxels: counts.get(p.value) ?? 0 }));
  for (const l of labels) if (l.voxels === 0) warnings.push(`${seg.file}: segment ${l.source} "${l.name}" is empty on this CT`);
  return ok({ mask: { ...geometryOf(g), data }, labels, warnings });
}
