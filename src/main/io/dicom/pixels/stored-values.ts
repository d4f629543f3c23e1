import type { PixelFormat } from '../header';

export type StoredArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/**
 * Views little-endian sample bytes as stored values of the right width and signedness,
 * copying only when the bytes are not aligned for a typed-array view.
 */
export function storedValues(bytes: Uint8Array, px: PixelFormat): StoredArray {
  const signed = px.pixelRepresentation === 1;
  const width = px.bitsAllocated / 8;
  const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  const n = Math.floor(aligned.length / width);
  const { buffer, byteOffset } = aligned;
  if (width === 1) return signed ? new Int8Array(buffer, byteOffset, n) : new Uint8Array(buffer, byteOffset, n);
  if (width === 2) return signed ? new Int16Array(buffer, byteOffset, n) : new Uint16Array(buffer, byteOffset, n);
  return signed ? new Int32Array(buffer, byteOffset, n) : new Uint32Array(buffer, byteOffset, n);
}
