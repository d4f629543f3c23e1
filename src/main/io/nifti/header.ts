import { fail, ok, type Result } from '../../../shared/result';

/** The NIfTI header fields this project reads and writes; both versions map onto it. */
export interface NiftiHeader {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  readonly dim: readonly number[]; // dim[0] = rank, dim[1..7] sizes
  readonly datatype: number;
  readonly bitpix: number;
  readonly pixdim: readonly number[]; // pixdim[0] = qfac
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quatern: readonly [number, number, number];
  readonly qoffset: readonly [number, number, number];
  readonly srow: readonly [readonly number[], readonly number[], readonly number[]];
  readonly xyztUnits: number;
  readonly descrip: string;
  readonly intentCode: number;
}

export const NIFTI1_HEADER_SIZE = 348;
export const NIFTI2_HEADER_SIZE = 540;

function readString(bytes: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && bytes[end] !== 0) end++;
  return new TextDecoder('latin1').decode(bytes.subarray(offset, end));
}

function parseV1(view: DataView, bytes: Uint8Array, le: boolean): NiftiHeader {
  const f32 = (o: number) => view.getFloat32(o, le);
  const i16 = (o: number) => view.getInt16(o, le);
  return {
    version: 1, littleEndian: le,
    dim: Array.from({ length: 8 }, (_, i) => i16(40 + 2 * i)),
    intentCode: i16(68), datatype: i16(70), bitpix: i16(72),
    pixdim: Array.from({ length: 8 }, (_, i) => f32(76 + 4 * i)),
    voxOffset: f32(108), sclSlope: f32(112), sclInter: f32(116),
    xyztUnits: bytes[123]!, descrip: readString(bytes, 148, 80),
    qformCode: i16(252), sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)], qoffset: [f32(268), f32(272), f32(276)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c))) as unknown as NiftiHeader['srow'],
  };
}

function parseV2(view: DataView, bytes: Uint8Array, le: boolean): NiftiHeader {
  const f64 = (o: number) => view.getFloat64(o, le);
  const i64 = (o: number) => Number(view.getBigInt64(o, le));
  const i32 = (o: number) => view.getInt32(o, le);
  return {
    version: 2, littleEndian: le,
    datatype: view.getInt16(12, le), bitpix: view.getInt16(14, le),
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    pixdim: Array.from({ length: 8 }, (_, i) => f64(104 + 8 * i)),
    voxOffset: i64(168), sclSlope: f64(176), sclInter: f64(184),
    descrip: readString(bytes, 240, 80),
    qformCode: i32(344), sformCode: i32(348),
    quatern: [f64(352), f64(360), f64(368)], qoffset: [f64(376), f64(384), f64(392)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f64(400 + 32 * r + 8 * c))) as unknown as NiftiHeader['srow'],
    xyztUnits: i32(500), intentCode: i32(504),
  };
}

/** Parses a NIfTI-1 or NIfTI-2 header from the start of an (uncompressed) file. */
export function parseNiftiHeader(bytes: Uint8Array): Result<NiftiHeader> {
  if (bytes.length < NIFTI1_HEADER_SIZE) return fail(`file is too short for a NIfTI header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const le of [true, false]) {
    const size = view.getInt32(0, le);
    if (size === NIFTI1_HEADER_SIZE) {
      const magic = readString(bytes, 344, 4);
      if (magic !== 'n+1' && magic !== 'ni1') return fail(`not a NIfTI-1 file (magic "${magic}")`);
      if (magic === 'ni1') return fail('two-file NIfTI (.hdr/.img) is not supported; convert it to a single .nii file');
      return ok(parseV1(view, bytes, le));
    }
    if (size === NIFTI2_HEADER_SIZE) {
      if (bytes.length < NIFTI2_HEADER_SIZE) return fail('file is too short for a NIfTI-2 header');
      const magic = readString(bytes, 4, 3);
      if (magic !== 'n+2') return fail(`not a single-file NIfTI-2 file (magic "${magic}")`);
      return ok(parseV2(view, bytes, le));
    }
  }
  return fail('not a NIfTI file (header size field is neither 348 nor 540)');
}

function writeString(bytes: Uint8Array, offset: number, length: number, text: string): void {
  const enc = new TextEncoder().encode(text).subarray(0, length - 1);
  bytes.set(enc, offset);
}

/** Serialises a header (little endian) including the 4-byte extension flag; data follows at voxOffset. */
export function serializeNiftiHeader(h: NiftiHeader): Uint8Array {
  const size = h.version === 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
  const bytes = new Uint8Array(size + 4);
  const v = new DataView(bytes.buffer);
  if (h.version === 1) {
    v.setInt32(0, size, true);
    h.dim.forEach((d, i) => v.setInt16(40 + 2 * i, d, true));
    v.setInt16(68, h.intentCode, true);
    v.setInt16(70, h.datatype, true);
    v.setInt16(72, h.bitpix, true);
    h.pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, true));
    v.setFloat32(108, h.voxOffset, true);
    v.setFloat32(112, h.sclSlope, true);
    v.setFloat32(116, h.sclInter, true);
    bytes[123] = h.xyztUnits;
    writeString(bytes, 148, 80, h.descrip);
    v.setInt16(252, h.qformCode, true);
    v.setInt16(254, h.sformCode, true);
    h.quatern.forEach((q, i) => v.setFloat32(256 + 4 * i, q, true));
    h.qoffset.forEach((q, i) => v.setFloat32(268 + 4 * i, q, true));
    h.srow.forEach((row, r) => row.forEach((x, c) => v.setFloat32(280 + 16 * r + 4 * c, x, true)));
    writeString(bytes, 344, 4, 'n+1');
  } else {
    v.setInt32(0, size, true);
    bytes.set([0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a], 4);
    v.setInt16(12, h.datatype, true);
    v.setInt16(14, h.bitpix, true);
    h.dim.forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), true));
    h.pixdim.forEach((p, i) => v.setFloat64(104 + 8 * i, p, true));
    v.setBigInt64(168, BigInt(h.voxOffset), true);
    v.setFloat64(176, h.sclSlope, true);
    v.setFloat64(184, h.sclInter, true);
    writeString(bytes, 240, 80, h.descrip);
    v.setInt32(344, h.qformCode, true);
    v.setInt32(348, h.sformCode, true);
    h.quatern.forEach((q, i) => v.setFloat64(352 + 8 * i, q, true));
    h.qoffset.forEach((q, i) => v.setFloat64(376 + 8 * i, q, true));
    h.srow.forEach((row, r) => row.forEach((x, c) => v.setFloat64(400 + 32 * r + 8 * c, x, true)));
    v.setInt32(500, h.xyztUnits, true);
    v.setInt32(504, h.intentCode, true);
  }
  return bytes;
}
