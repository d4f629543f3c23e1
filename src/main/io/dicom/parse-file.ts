import { closeSync, openSync, readSync, readFileSync, statSync } from 'node:fs';
import { fail, ok, type Result } from '../../../shared/result';
import { dicomParser, type DataSet } from './lib';
import { TAG, TRANSFER_SYNTAX } from './tags';

/** A parsed DICOM object and where its bytes came from. */
export interface ParsedDicom {
  readonly file: string;
  readonly dataSet: DataSet;
  readonly transferSyntax: string;
  /** True when the file has no Part-10 preamble and meta header (read as implicit little endian). */
  readonly rawDataset: boolean;
  /** False when only the bytes before the pixel data were read (a header scan). */
  readonly complete: boolean;
}

/** Header probes: enough for nearly every single-frame image, then for most multi-frame ones; beyond that the whole file is read. */
const HEADER_PROBES = [16 * 1024, 256 * 1024];

function errorText(e: unknown): string {
  if (typeof e === 'string') return e.replace(/^dicomParser\.\w+: /, '');
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return String((e as { exception: unknown }).exception);
  return String(e);
}

function hasPart10Prefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * Old archives hold bare implicit-VR datasets without the 128-byte preamble. Accept one only
 * when it starts like a dataset (an even group number 0x0002..0x0010 with a sane length), so
 * that arbitrary files are still called non-DICOM.
 */
function looksLikeRawDataset(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = dv.getUint16(0, true);
  const length = dv.getUint32(4, true);
  return (group === 0x0002 || group === 0x0008) && length < 1024;
}

/** Parses DICOM bytes; `untilPixelData` stops before the pixel data (header scans). */
export function parseDicomBytes(bytes: Uint8Array, file: string, untilPixelData: boolean, complete = true): Result<ParsedDicom> {
  const part10 = hasPart10Prefix(bytes);
  if (!part10 && !looksLikeRawDataset(bytes)) {
    return fail(`${file}: not a DICOM file (no "DICM" marker at byte 128)`);
  }
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, {
      ...(untilPixelData ? { untilTag: TAG.pixelData } : {}),
      ...(part10 ? {} : { TransferSyntaxUID: TRANSFER_SYNTAX.implicitLittle }),
    });
  } catch (e) {
    const why = errorText(e);
    const truncated = /overrun|beyond|end of buffer|past the end|buffer length|incorrect header check|unexpected end/i.test(why);
    return fail(`${file}: ${truncated ? 'file is truncated or corrupt' : 'cannot parse DICOM'} (${why})`);
  }
  const transferSyntax = part10 ? (dataSet.string(TAG.transferSyntaxUid) ?? '').trim() : TRANSFER_SYNTAX.implicitLittle;
  return ok({ file, dataSet, transferSyntax, rawDataset: !part10, complete });
}

/** Reads and parses a whole DICOM file, pixel data included. */
export function readDicomFile(file: string): Result<ParsedDicom> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return fail(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseDicomBytes(bytes, file, false);
}

function readHead(file: string, size: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    const n = readSync(fd, buf, 0, size, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the header (everything before the pixel data) cheaply: the first 16 KiB, then 256 KiB,
 * then the whole file when the header is longer (enhanced multi-frame objects) or a probe
 * could not be parsed.
 */
export function readDicomHeader(file: string): Result<ParsedDicom> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    return fail(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  for (const probeSize of HEADER_PROBES) {
    if (probeSize >= size) break;
    let head: Uint8Array;
    try {
      head = readHead(file, probeSize);
    } catch (e) {
      return fail(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const probe = parseDicomBytes(head, file, true, false);
    // Everything before the pixel data element was inside the probe only if that element was reached.
    if (probe.ok && probe.value.dataSet.elements[TAG.pixelData]) return probe;
    if (!probe.ok && /not a DICOM file/.test(probe.error)) return probe;
  }
  let whole: Uint8Array;
  try {
    whole = readFileSync(file);
  } catch (e) {
    return fail(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseDicomBytes(whole, file, true, false);
}
