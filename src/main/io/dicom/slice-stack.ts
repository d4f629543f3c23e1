import { relative } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';
import { mat3FromColumns, vecCross, vecDot, vecNorm, vecScale, vecSub, type Mat3, type Vec3 } from '../../../shared/volume/mat3';
import type { FrameHeader, ImageHeader } from './header';

/** One frame (slice) of one file. */
export interface SliceSource {
  readonly header: ImageHeader;
  readonly frame: FrameHeader;
}

/** The slices of a series in volume order (k = 0 first) and the grid they lie on. */
export interface SliceStack {
  readonly slices: readonly SliceSource[];
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly origin: Vec3;
  readonly direction: Mat3;
  readonly warnings: readonly string[];
  /** Angle (degrees) between the slice normal and the direction slices advance in; 0 without tilt. */
  readonly tiltDegrees: number;
}

/** Positions closer than this along the normal are the same slice position. */
const SAME_POSITION_MM = 0.01;
/** Relative spacing deviation tolerated as rounding of ImagePositionPatient. */
const SPACING_REL_TOL = 0.01;
const SPACING_ABS_TOL_MM = 0.01;
/** Below this the stack is treated as untilted; above it the grid is sheared to follow the positions. */
const TILT_TOLERANCE_DEG = 0.05;
const ORTHO_TOLERANCE = 1e-3;

export function describeFiles(files: readonly string[], root: string, max = 3): string {
  const names = [...new Set(files)].map((f) => relative(root, f) || f);
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

const where = (s: SliceSource, root: string) => `${relative(root, s.header.file) || s.header.file}${s.header.frames.length > 1 ? ` frame ${s.frame.frame + 1}` : ''}`;

function orientationKey(s: SliceSource): string {
  const o = s.frame.orientation;
  return `${o ? o.map((x) => x.toFixed(3)).join(',') : 'none'}|${s.header.pixel!.columns}x${s.header.pixel!.rows}`;
}

/** Leaves out localizers and images whose orientation or size differ from the main stack. */
function mainStack(all: SliceSource[], root: string, warnings: string[]): SliceSource[] {
  const localizers = all.filter((s) => s.frame.imageType.includes('LOCALIZER'));
  let rest = all.filter((s) => !s.frame.imageType.includes('LOCALIZER'));
  if (localizers.length > 0 && rest.length > 0) {
    warnings.push(`left out ${localizers.length} localizer image(s): ${describeFiles(localizers.map((s) => s.header.file), root)}`);
  } else rest = all;
  const groups = new Map<string, SliceSource[]>();
  for (const s of rest) {
    const key = orientationKey(s);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  if (groups.size <= 1) return rest;
  const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
  const others = sorted.slice(1).flat();
  warnings.push(
    `left out ${others.length} image(s) whose orientation or size differ from the other ${sorted[0]!.length} ` +
      `(localizer or reformat images mixed in): ${describeFiles(others.map((s) => s.header.file), root)}`,
  );
  return sorted[0]!;
}

function unitAxes(o: readonly number[]): Result<{ row: Vec3; col: Vec3; normal: Vec3 }> {
  const row: Vec3 = [o[0]!, o[1]!, o[2]!];
  const col: Vec3 = [o[3]!, o[4]!, o[5]!];
  const nr = vecNorm(row);
  const nc = vecNorm(col);
  if (Math.abs(nr - 1) > 0.01 || Math.abs(nc - 1) > 0.01) return fail(`ImageOrientationPatient [${o.join(', ')}] does not hold unit vectors`);
  const r = vecScale(row, 1 / nr);
  const c = vecScale(col, 1 / nc);
  if (Math.abs(vecDot(r, c)) > ORTHO_TOLERANCE * 10) return fail(`ImageOrientationPatient [${o.join(', ')}] has non-perpendicular row and column directions`);
  const n = vecCross(r, c);
  return ok({ row: r, col: c, normal: vecScale(n, 1 / vecNorm(n)) });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Checks the gaps between consecutive positions: equal spacing, no missing slice. */
function checkSpacing(sorted: SliceSource[], d: number[], root: string): Result<number> {
  const gaps = d.slice(1).map((x, i) => x - d[i]!);
  const step = median(gaps);
  const tol = Math.max(SPACING_ABS_TOL_MM, SPACING_REL_TOL * step);
  const bad = gaps.map((g, i) => ({ g, i })).filter(({ g }) => Math.abs(g - step) > tol);
  if (bad.length === 0) return ok(gaps.reduce((a, b) => a + b, 0) / gaps.length);
  const multiples = bad.filter(({ g }) => {
    const m = Math.round(g / step);
    return m >= 2 && Math.abs(g - m * step) <= tol * m;
  });
  if (multiples.length === bad.length) {
    const lines = multiples.slice(0, 5).map(({ g, i }) =>
      `${Math.round(g / step) - 1} slice(s) missing between ${where(sorted[i]!, root)} (at ${d[i]!.toFixed(2)} mm) and ${where(sorted[i + 1]!, root)} (at ${d[i + 1]!.toFixed(2)} mm)`);
    return fail(`missing slices: the series has a ${step.toFixed(3)} mm slice spacing but ${lines.join('; ')}${multiples.length > 5 ? `; and ${multiples.length - 5} more gaps` : ''}`);
  }
  const { g, i } = bad[0]!;
  const lo = Math.min(...gaps);
  const hi = Math.max(...gaps);
  return fail(
    `non-uniform slice spacing: gaps between slices range from ${lo.toFixed(3)} to ${hi.toFixed(3)} mm (typical ${step.toFixed(3)} mm); ` +
      `e.g. ${g.toFixed(3)} mm between ${where(sorted[i]!, root)} and ${where(sorted[i + 1]!, root)}`,
  );
}

/**
 * Orders the slices of one series along the slice normal (by the projection of
 * ImagePositionPatient; never by file name or InstanceNumber) and derives the grid from the
 * positions. Refuses what would misplace voxels: duplicated positions, missing slices,
 * irregular spacing, slices that do not lie on one line.
 */
export function buildSliceStack(images: readonly ImageHeader[], root: string): Result<SliceStack> {
  const warnings: string[] = [];
  const all: SliceSource[] = images.flatMap((header) => header.frames.map((frame) => ({ header, frame })));
  if (all.length === 0) return fail('the series holds no image slices');
  const stack = mainStack(all, root, warnings);
  const first = stack[0]!;
  const px = first.header.pixel!;
  const ps = first.frame.pixelSpacing;
  if (!ps || !(ps[0] > 0 && ps[1] > 0)) warnings.push('PixelSpacing (0028,0030) is missing or invalid: 1 mm pixels were assumed');
  const spacingIJ: [number, number] = ps && ps[0] > 0 && ps[1] > 0 ? [ps[1], ps[0]] : [1, 1];
  const differentSpacing = stack.filter((s) => s.frame.pixelSpacing && ps && Math.abs(s.frame.pixelSpacing[0] - ps[0]) + Math.abs(s.frame.pixelSpacing[1] - ps[1]) > 1e-4);
  if (differentSpacing.length > 0) {
    return fail(`slices with different pixel spacing in one series: ${where(first, root)} has ${ps!.join('\\')} but ${describeFiles(differentSpacing.map((s) => s.header.file), root)} differ`);
  }

  const noGeometry = stack.filter((s) => !s.frame.position || !s.frame.orientation);
  if (noGeometry.length > 0 && stack.length > 1) {
    return fail(`cannot place the slices in the patient: ${noGeometry.length} of ${stack.length} lack ImagePositionPatient or ImageOrientationPatient (${describeFiles(noGeometry.map((s) => s.header.file), root)})`);
  }
  if (noGeometry.length > 0) warnings.push('the image has no ImagePositionPatient/ImageOrientationPatient: identity orientation at the origin was assumed');
  const axes = unitAxes(first.frame.orientation ?? [1, 0, 0, 0, 1, 0]);
  if (!axes.ok) return fail(`${where(first, root)}: ${axes.error}`);
  const { row, col, normal } = axes.value;

  const d = stack.map((s) => (s.frame.position ? vecDot(s.frame.position, normal) : 0));
  const order = stack.map((_, i) => i).sort((a, b) => d[a]! - d[b]! || (stack[a]!.header.instanceNumber ?? 0) - (stack[b]!.header.instanceNumber ?? 0));
  let sorted = order.map((i) => stack[i]!);
  let ds = order.map((i) => d[i]!);

  // The same image twice (a copied file) is harmless; two different images at one position are not.
  const keep = sorted.map((s, i) => i === 0 || !(ds[i]! - ds[i - 1]! < SAME_POSITION_MM && s.header.sopInstanceUid === sorted[i - 1]!.header.sopInstanceUid && s.frame.frame === sorted[i - 1]!.frame.frame));
  if (keep.some((k) => !k)) {
    warnings.push(`${keep.filter((k) => !k).length} file(s) hold an image already read (same SOP Instance UID); the copies were ignored`);
    sorted = sorted.filter((_, i) => keep[i]);
    ds = ds.filter((_, i) => keep[i]);
  }
  const dups = ds.flatMap((x, i) => (i > 0 && x - ds[i - 1]! < SAME_POSITION_MM ? [i] : []));
  if (dups.length > 0) {
    const i = dups[0]!;
    return fail(
      `duplicated slices: ${dups.length} position(s) hold more than one image, e.g. ${where(sorted[i - 1]!, root)} and ${where(sorted[i]!, root)} ` +
        `both at ${ds[i]!.toFixed(2)} mm along the slice normal (several acquisitions or phases in one series?)`,
    );
  }

  const n = sorted.length;
  let spacingK = first.frame.sliceThickness && first.frame.sliceThickness > 0 ? first.frame.sliceThickness : 1;
  let directionK: Vec3 = normal;
  let tiltDegrees = 0;
  if (n === 1 && !(first.frame.sliceThickness && first.frame.sliceThickness > 0)) warnings.push('a single slice without SliceThickness: 1 mm slice spacing was assumed');
  if (n >= 2) {
    const spacing = checkSpacing(sorted, ds, root);
    if (!spacing.ok) return spacing;
    spacingK = spacing.value;
    const p0 = sorted[0]!.frame.position!;
    const span = vecSub(sorted[n - 1]!.frame.position!, p0);
    const advance = vecScale(span, 1 / vecNorm(span));
    tiltDegrees = (Math.acos(Math.min(1, Math.abs(vecDot(advance, normal)))) * 180) / Math.PI;
    // Every slice must sit on the line from the first to the last; otherwise no regular grid holds them.
    const stepVec = vecScale(span, 1 / (n - 1));
    const offLine = sorted.findIndex((s, k) => vecNorm(vecSub(vecSub(s.frame.position!, p0), vecScale(stepVec, k))) > Math.max(0.05, 0.1 * spacingK));
    if (offLine >= 0) {
      return fail(`slices do not lie on one line: ${where(sorted[offLine]!, root)} is off the line through the first and last slice (mixed stacks in one series?)`);
    }
    if (tiltDegrees > TILT_TOLERANCE_DEG) {
      directionK = advance;
      spacingK = vecNorm(span) / (n - 1);
      warnings.push(
        `gantry tilt: slices advance at ${tiltDegrees.toFixed(2)} degrees to the slice normal` +
          `${first.header.gantryTilt !== undefined ? ` (GantryDetectorTilt ${first.header.gantryTilt} degrees)` : ''}; ` +
          'the grid is sheared to keep every voxel at its true position (not resampled)',
      );
    }
  }
  return ok({
    slices: sorted,
    dims: [px.columns, px.rows, n],
    spacing: [spacingIJ[0], spacingIJ[1], spacingK],
    origin: sorted[0]!.frame.position ?? [0, 0, 0],
    direction: mat3FromColumns(row, col, directionK),
    warnings,
    tiltDegrees,
  });
}
