import { fail, ok, type Result } from '../result';

/**
 * Binary framing for the HTTP transport (IPC passes `{ meta, bytes }` natively):
 *   0..3  "LTSF"   4..7  header length H (uint32 little endian)
 *   8..8+H  the header: ASCII-only JSON
 *   zero padding to a multiple of 8, then the payload bytes to the end.
 * The 8-byte alignment lets the receiver view the payload as Int16Array/Float32Array
 * without copying.
 */
export const FRAME_CONTENT_TYPE = 'application/x-lungts-frame';
const MAGIC = [0x4c, 0x54, 0x53, 0x46];

/** JSON with every non-ASCII character escaped, so it can be read back byte by byte. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) throw new Error('asciiBytes: text is not ASCII');
    out[i] = c;
  }
  return out;
}

export function bytesToAscii(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  }
  return s;
}

export function encodeFrame(header: unknown, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = asciiBytes(asciiJson(header));
  const start = Math.ceil((8 + head.length) / 8) * 8;
  const out = new Uint8Array(start + payload.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  out.set(payload, start);
  return out;
}

export interface DecodedFrame {
  readonly header: unknown;
  readonly payload: Uint8Array;
}

export function decodeFrame(bytes: Uint8Array): Result<DecodedFrame> {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) return fail('not a LungTS binary frame');
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  const start = Math.ceil((8 + headLength) / 8) * 8;
  if (start > bytes.length) return fail('binary frame is truncated');
  let header: unknown;
  try {
    header = JSON.parse(bytesToAscii(bytes.subarray(8, 8 + headLength)));
  } catch {
    return fail('binary frame header is not valid JSON');
  }
  return ok({ header, payload: bytes.subarray(start) });
}
