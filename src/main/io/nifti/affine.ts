import { fail, type Result } from '../../../shared/result';
import { createGeometry, type Geometry } from '../../../shared/volume/geometry';
import { mat3Column, mat3Det, vecNorm, type Mat3 } from '../../../shared/volume/mat3';
import type { NiftiHeader } from './header';

/** A 3x4 row-major affine from voxel index to world (last column = translation). */
export type Affine = readonly number[];

// NIfTI stores RAS; DICOM and this project use LPS. The two differ by negating x and y.
const RAS_TO_LPS = [-1, -1, 1];

function spatialUnitScale(xyztUnits: number): number {
  switch (xyztUnits & 0x07) {
    case 1: return 1000; // metres
    case 3: return 0.001; // microns
    default: return 1; // millimetres or unspecified
  }
}

function quaternAffine(h: NiftiHeader): Affine {
  const [b, c, d] = h.quatern;
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const qfac = h.pixdim[0]! < 0 ? -1 : 1;
  const R = [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
  ];
  const s = [Math.abs(h.pixdim[1]!), Math.abs(h.pixdim[2]!), Math.abs(h.pixdim[3]!) * qfac];
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    out.push(R[r * 3]! * s[0]!, R[r * 3 + 1]! * s[1]!, R[r * 3 + 2]! * s[2]!, h.qoffset[r]!);
  }
  return out;
}

/**
 * The index-to-world affine in RAS. Preference follows nibabel: sform when its code is set,
 * then qform, then plain pixdim scaling (ANALYZE-style files carry no orientation at all).
 */
export function headerAffine(h: NiftiHeader): { affine: Affine; source: 'sform' | 'qform' | 'pixdim' } {
  if (h.sformCode > 0) return { affine: h.srow.flatMap((row) => [...row]), source: 'sform' };
  if (h.qformCode > 0) return { affine: quaternAffine(h), source: 'qform' };
  const p = h.pixdim;
  return { affine: [Math.abs(p[1]!), 0, 0, 0, 0, Math.abs(p[2]!), 0, 0, 0, 0, Math.abs(p[3]!), 0], source: 'pixdim' };
}

/** Converts a RAS index-to-world affine into an LPS geometry. */
export function affineToGeometry(affine: Affine, dims: readonly number[], unitScale = 1): Result<Geometry> {
  const cols: number[][] = [[], [], []];
  const origin: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) cols[c]!.push(affine[r * 4 + c]! * RAS_TO_LPS[r]! * unitScale);
    origin.push(affine[r * 4 + 3]! * RAS_TO_LPS[r]! * unitScale);
  }
  const spacing = cols.map((col) => Math.hypot(col[0]!, col[1]!, col[2]!));
  if (spacing.some((s) => !(s > 0))) return fail('the NIfTI affine has a zero-length axis');
  const direction: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) direction.push(cols[c]![r]! / spacing[c]!);
  return createGeometry({ dims, spacing, origin, direction });
}

export function niftiGeometry(h: NiftiHeader): Result<Geometry> {
  const dims = [h.dim[1]!, h.dim[2] ?? 1, h.dim[3] ?? 1].map((d) => Math.max(1, d));
  const { affine } = headerAffine(h);
  return affineToGeometry(affine, dims, spatialUnitScale(h.xyztUnits));
}

/** The RAS affine that NIfTI stores for an LPS geometry. */
export function geometryToAffine(g: Geometry): Affine {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out.push(g.direction[r * 3 + c]! * g.spacing[c]! * RAS_TO_LPS[r]!);
    out.push(g.origin[r]! * RAS_TO_LPS[r]!);
  }
  return out;
}

/**
 * The qform quaternion and qfac of a geometry's (RAS) rotation, as nifti_mat44_to_quatern
 * computes them; the direction is orthonormalised first because a quaternion cannot hold shear.
 */
export function geometryToQuatern(g: Geometry): { quatern: [number, number, number]; qfac: 1 | -1 } {
  const R: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) R.push(g.direction[r * 3 + c]! * RAS_TO_LPS[r]!);
  const m = orthonormalize(R as unknown as Mat3);
  const qfac: 1 | -1 = mat3Det(m) < 0 ? -1 : 1;
  const r = m.slice() as number[];
  if (qfac < 0) for (let i = 0; i < 3; i++) r[i * 3 + 2] = -r[i * 3 + 2]!;
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r as [number, number, number, number, number, number, number, number, number];
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = (0.25 * (r12 + r21)) / b; d = (0.25 * (r13 + r31)) / b; a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = (0.25 * (r12 + r21)) / c; d = (0.25 * (r23 + r32)) / c; a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd); b = (0.25 * (r13 + r31)) / d; c = (0.25 * (r23 + r32)) / d; a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) { b = -b; c = -c; d = -d; }
  }
  return { quatern: [b, c, d], qfac };
}

/** Gram-Schmidt on the columns, keeping the first column's direction. */
function orthonormalize(m: Mat3): Mat3 {
  const c0 = mat3Column(m, 0);
  const n0 = vecNorm(c0);
  const u0 = c0.map((x) => x / n0);
  const c1 = mat3Column(m, 1);
  const p1 = c1[0] * u0[0]! + c1[1] * u0[1]! + c1[2] * u0[2]!;
  const v1 = c1.map((x, i) => x - p1 * u0[i]!);
  const n1 = Math.hypot(v1[0]!, v1[1]!, v1[2]!);
  const u1 = v1.map((x) => x / n1);
  const c2 = mat3Column(m, 2);
  const q0 = c2[0] * u0[0]! + c2[1] * u0[1]! + c2[2] * u0[2]!;
  const q1 = c2[0] * u1[0]! + c2[1] * u1[1]! + c2[2] * u1[2]!;
  const v2 = c2.map((x, i) => x - q0 * u0[i]! - q1 * u1[i]!);
  const n2 = Math.hypot(v2[0]!, v2[1]!, v2[2]!);
  const u2 = v2.map((x) => x / n2);
  return [u0[0]!, u1[0]!, u2[0]!, u0[1]!, u1[1]!, u2[1]!, u0[2]!, u1[2]!, u2[2]!];
}
