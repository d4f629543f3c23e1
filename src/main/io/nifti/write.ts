import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../../fs/atomic';
import type { Volume } from '../../../shared/volume/volume';
import { voxelTypeOf } from '../../../shared/volume/volume';
import { geometryToAffine, geometryToQuatern } from './affine';
import { serializeNiftiHeader, type NiftiHeader } from './header';
import { NIFTI_BITPIX, NIFTI_DATATYPE } from './datatypes';

export interface NiftiWriteOptions {
  /** 1 (default) or 2; version 2 is chosen automatically when a dimension exceeds 32767. */
  readonly version?: 1 | 2;
  readonly description?: string;
  /** gzip level when the path ends in .gz; 1 is fast and nearly as small for CT. */
  readonly gzipLevel?: number;
}

const XFORM_SCANNER_ANAT = 1;
const UNITS_MM = 2;

/** The header (with the 4-byte extension flag) and the voxel bytes, without copying the voxels. */
function niftiParts(v: Volume, opts: NiftiWriteOptions): [Uint8Array, Uint8Array] {
  const type = voxelTypeOf(v.data);
  const version = opts.version ?? (v.dims.some((d) => d > 32767) ? 2 : 1);
  const affine = geometryToAffine(v);
  const { quatern, qfac } = geometryToQuatern(v);
  const voxOffset = version === 1 ? 352 : 544;
  const header: NiftiHeader = {
    version, littleEndian: true,
    dim: [3, v.dims[0], v.dims[1], v.dims[2], 1, 1, 1, 1],
    datatype: NIFTI_DATATYPE[type], bitpix: NIFTI_BITPIX[type],
    pixdim: [qfac, v.spacing[0], v.spacing[1], v.spacing[2], 0, 0, 0, 0],
    voxOffset, sclSlope: 1, sclInter: 0,
    qformCode: XFORM_SCANNER_ANAT, sformCode: XFORM_SCANNER_ANAT,
    quatern, qoffset: [affine[3]!, affine[7]!, affine[11]!],
    srow: [affine.slice(0, 4), affine.slice(4, 8), affine.slice(8, 12)],
    xyztUnits: UNITS_MM, descrip: opts.description ?? 'lungts', intentCode: 0,
  };
  return [serializeNiftiHeader(header), new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength)];
}

/** Encodes a volume as NIfTI bytes with both qform and sform set (the sform exact, in RAS). */
export function encodeNifti(v: Volume, opts: NiftiWriteOptions = {}): Uint8Array {
  const [head, body] = niftiParts(v, opts);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** Writes .nii or .nii.gz atomically (the target is either the old file or the whole new one). */
export function writeNifti(path: string, v: Volume, opts: NiftiWriteOptions = {}): void {
  // Compression costs far more than one copy of the voxels, so only the plain file avoids it.
  if (path.endsWith('.gz')) writeFileAtomic(path, gzipSync(encodeNifti(v, opts), { level: opts.gzipLevel ?? 1 }));
  else writeFileAtomic(path, niftiParts(v, opts));
}
