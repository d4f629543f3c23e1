import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fail, ok, type Result } from '../../../shared/result';
import { allocateVoxels, type Volume, type VoxelData } from '../../../shared/volume/volume';
import { voxelCount } from '../../../shared/volume/geometry';
import { sharedVoxels } from '../../parallel/shared-memory';
import { parseNiftiHeader, type NiftiHeader } from './header';
import { niftiGeometry } from './affine';
import { NIFTI_BITPIX, voxelTypeFromNifti } from './datatypes';

export interface NiftiImage {
  readonly volume: Volume;
  readonly header: NiftiHeader;
  readonly warnings: readonly string[];
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface ReadNiftiOptions {
  /** Voxels on shared memory (see LoadSeriesOptions.shared): for the CLI's compute, never for IPC. */
  readonly shared?: boolean;
}

/** Reads a .nii or .nii.gz file (NIfTI-1 or -2) into an LPS volume. */
export function readNifti(path: string, options: ReadNiftiOptions = {}): Result<NiftiImage> {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (e) {
    return fail(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const parsed = parseNiftiBytes(raw, options);
  return parsed.ok ? parsed : fail(`${path}: ${parsed.error}`);
}

export function parseNiftiBytes(raw: Uint8Array, options: ReadNiftiOptions = {}): Result<NiftiImage> {
  const allocate = options.shared ? sharedVoxels : allocateVoxels;
  let bytes = raw;
  if (isGzip(raw)) {
    try {
      bytes = gunzipSync(raw);
    } catch {
      return fail('the gzip stream is corrupt or truncated');
    }
  }
  const header = parseNiftiHeader(bytes);
  if (!header.ok) return header;
  const h = header.value;
  const warnings: string[] = [];
  const type = voxelTypeFromNifti(h.datatype);
  if (!type) return fail(`unsupported NIfTI datatype ${h.datatype} (supported: uint8, int8, int16, uint16, int32, uint32, float32, float64)`);
  if (NIFTI_BITPIX[type] !== h.bitpix) warnings.push(`bitpix ${h.bitpix} disagrees with datatype ${type}; the datatype was used`);
  const rank = h.dim[0]!;
  if (rank < 1 || rank > 7) return fail(`invalid number of dimensions ${rank}`);
  const extra = h.dim.slice(4, rank + 1).reduce((a, b) => a * Math.max(1, b), 1);
  if (extra > 1) warnings.push(`the file holds ${extra} volumes (dim ${h.dim.slice(1, rank + 1).join('x')}); only the first was read`);
  const geometry = niftiGeometry(h);
  if (!geometry.ok) return geometry;
  const n = voxelCount(geometry.value);
  const bytesPer = NIFTI_BITPIX[type] / 8;
  const start = Math.floor(h.voxOffset);
  if (start < (h.version === 1 ? 348 : 540)) return fail(`vox_offset ${h.voxOffset} points inside the header`);
  if (start + n * bytesPer > bytes.length) {
    return fail(`file is truncated: ${n} voxels of ${type} need ${start + n * bytesPer} bytes, found ${bytes.length}`);
  }
  const data = allocate(type, n);
  const dst = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  dst.set(bytes.subarray(start, start + n * bytesPer));
  if (!h.littleEndian && bytesPer > 1) swapBytes(dst, bytesPer);
  const slope = h.sclSlope;
  const inter = h.sclInter;
  const scaled = Number.isFinite(slope) && slope !== 0 && (slope !== 1 || (Number.isFinite(inter) && inter !== 0));
  const volume: Volume = { ...geometry.value, data: scaled ? applyScaling(data, slope, inter, allocate) : data };
  return ok({ volume, header: h, warnings });
}

function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/** Applies scl_slope/scl_inter; integral results stay int16 where they fit, else float32. */
function applyScaling(data: VoxelData, slope: number, inter: number, allocate: typeof allocateVoxels): VoxelData {
  const integral = Number.isInteger(slope) && Number.isInteger(inter);
  let fitsInt16 = integral;
  const out = allocate('float32', data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]! * slope + inter;
    out[i] = v;
    if (fitsInt16 && (v < -32768 || v > 32767)) fitsInt16 = false;
  }
  if (!fitsInt16) return out;
  const narrow = allocate('int16', data.length);
  narrow.set(out);
  return narrow;
}
