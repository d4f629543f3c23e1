import { fail, ok, type Result } from '../../../../shared/result';
import type { PixelFormat } from '../header';

export function frameByteLength(px: PixelFormat): number {
  return Math.ceil((px.rows * px.columns * px.samplesPerPixel * px.bitsAllocated) / 8);
}

/** The bytes of frame `frame` of uncompressed pixel data (no copy). */
export function nativeFrameBytes(pixelData: Uint8Array, px: PixelFormat, frame: number, file: string): Result<Uint8Array> {
  if (px.bitsAllocated % 8 !== 0) return fail(`${file}: ${px.bitsAllocated}-bit pixels are not supported for CT`);
  const size = frameByteLength(px);
  const start = frame * size;
  if (start + size > pixelData.length) {
    return fail(`${file}: file is truncated: pixel data holds ${pixelData.length} bytes but frame ${frame + 1} needs bytes ${start}..${start + size}`);
  }
  return ok(pixelData.subarray(start, start + size));
}

/** Swaps the bytes of each sample in place (explicit VR big endian pixel data). */
export function swapBytes(bytes: Uint8Array, bitsAllocated: number): Uint8Array {
  const width = bitsAllocated / 8;
  if (width <= 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b]!;
  }
  return out;
}
