import type { PixelFormat } from '../header';
import type { StoredArray } from './stored-values';

/** What turns one slice's stored values into Hounsfield units. */
export interface HuTransform {
  readonly slope: number;
  readonly intercept: number;
  /** Stored values in [lo, hi] mark pixels outside the scanned field (Pixel Padding Value / Range Limit). */
  readonly padding?: { readonly lo: number; readonly hi: number };
  /** The HU written for padding pixels. */
  readonly paddingHu: number;
}

/** HU given to padding pixels: air, the lowest value the rest of the pipeline keeps (DESIGN: clip to -1024). */
export const PADDING_HU = -1024;

export interface SliceWrite {
  readonly padded: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Writes slice values (HU) into `out` from `offset`. Stored values are first reduced to
 * BitsStored (masking unused high bits, sign-extending signed data), so overlay bits or junk
 * above the high bit never reach the image. Returns the padding count and the HU range
 * written; a range outside int16 means an Int16Array `out` overflowed and the caller must
 * redo the slice in float.
 */
export function writeHu(stored: StoredArray, px: PixelFormat, t: HuTransform, out: Int16Array | Float32Array, offset: number, count: number): SliceWrite {
  const shift = Math.max(0, px.highBit + 1 - px.bitsStored);
  const needsBits = px.bitsStored < px.bitsAllocated;
  const signed = px.pixelRepresentation === 1;
  const lift = 32 - px.bitsStored;
  const mask = px.bitsStored >= 32 ? 0xffffffff : 2 ** px.bitsStored - 1;
  const { slope, intercept } = t;
  const padLo = t.padding?.lo ?? Infinity;
  const padHi = t.padding?.hi ?? -Infinity;
  let padded = 0;
  let min = Infinity;
  let max = -Infinity;
  if (!needsBits && !t.padding && slope === 1) {
    for (let i = 0; i < count; i++) {
      const h = stored[i]! + intercept;
      if (h < min) min = h;
      if (h > max) max = h;
      out[offset + i] = h;
    }
    return { padded, min, max };
  }
  for (let i = 0; i < count; i++) {
    let v = stored[i]!;
    if (needsBits) {
      v = (v >>> shift) & mask;
      if (signed) v = (v << lift) >> lift;
    }
    let h: number;
    if (v >= padLo && v <= padHi) {
      h = t.paddingHu;
      padded++;
    } else h = v * slope + intercept;
    if (h < min) min = h;
    if (h > max) max = h;
    out[offset + i] = h;
  }
  return { padded, min, max };
}

export function fitsInt16Range(w: SliceWrite): boolean {
  return w.min >= -32768 && w.max <= 32767;
}
