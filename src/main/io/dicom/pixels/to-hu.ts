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
 * Reduces stored values to BitsStored (dropping bits above the high bit, such as overlays, and
 * sign-extending signed data) into an Int32 scratch. One loop per array type keeps each
 * loop monomorphic: a shared loop over a union of typed arrays runs several times slower.
 */
function storedToInt32(stored: StoredArray, px: PixelFormat, count: number, scratch: Int32Array): void {
  const shift = Math.max(0, px.highBit + 1 - px.bitsStored);
  const exact = px.bitsStored >= px.bitsAllocated && shift === 0;
  if (exact && stored instanceof Int16Array) for (let i = 0; i < count; i++) scratch[i] = stored[i]!;
  else if (exact && stored instanceof Uint16Array) for (let i = 0; i < count; i++) scratch[i] = stored[i]!;
  else if (exact && stored instanceof Uint8Array) for (let i = 0; i < count; i++) scratch[i] = stored[i]!;
  else if (exact && stored instanceof Int8Array) for (let i = 0; i < count; i++) scratch[i] = stored[i]!;
  else if (exact && stored instanceof Int32Array) for (let i = 0; i < count; i++) scratch[i] = stored[i]!;
  else if (stored instanceof Uint16Array) {
    const mask = 2 ** px.bitsStored - 1;
    const lift = 32 - px.bitsStored;
    if (px.pixelRepresentation === 1) for (let i = 0; i < count; i++) scratch[i] = (((stored[i]! >>> shift) & mask) << lift) >> lift;
    else for (let i = 0; i < count; i++) scratch[i] = (stored[i]! >>> shift) & mask;
  } else {
    const mask = px.bitsStored >= 32 ? -1 : 2 ** px.bitsStored - 1;
    const lift = 32 - px.bitsStored;
    const signed = px.pixelRepresentation === 1;
    for (let i = 0; i < count; i++) {
      const v = (stored[i]! >>> shift) & mask;
      scratch[i] = signed ? (v << lift) >> lift : v >>> 0;
    }
  }
}

function applyInt16(src: Int32Array, t: HuTransform, out: Int16Array, offset: number, count: number): SliceWrite {
  const { slope, intercept, paddingHu } = t;
  const lo = t.padding?.lo ?? Infinity;
  const hi = t.padding?.hi ?? -Infinity;
  let padded = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = src[i]!;
    let h: number;
    if (v >= lo && v <= hi) {
      h = paddingHu;
      padded++;
    } else h = v * slope + intercept;
    if (h < min) min = h;
    if (h > max) max = h;
    out[offset + i] = h;
  }
  return { padded, min, max };
}

function applyFloat32(src: Int32Array, t: HuTransform, out: Float32Array, offset: number, count: number): SliceWrite {
  const { slope, intercept, paddingHu } = t;
  const lo = t.padding?.lo ?? Infinity;
  const hi = t.padding?.hi ?? -Infinity;
  let padded = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = src[i]!;
    let h: number;
    if (v >= lo && v <= hi) {
      h = paddingHu;
      padded++;
    } else h = v * slope + intercept;
    if (h < min) min = h;
    if (h > max) max = h;
    out[offset + i] = h;
  }
  return { padded, min, max };
}

/**
 * out = (stored & mask) + intercept for two 16-bit values per 32-bit operation (lane-wise
 * addition modulo 2^16: add the low 15 bits, then fix bit 15 by xor). Exact whenever every
 * result fits in int16, which the caller has checked. Returns false when the arrays are not
 * 32-bit aligned or the count is odd, leaving the work to the plain loop.
 */
function pairwiseAddInt16(stored: Uint16Array, mask: number, intercept: number, out: Int16Array, offset: number, count: number): boolean {
  const outByte = out.byteOffset + offset * 2;
  if (count % 2 !== 0 || stored.byteOffset % 4 !== 0 || outByte % 4 !== 0) return false;
  const src = new Int32Array(stored.buffer, stored.byteOffset, count / 2);
  const dst = new Int32Array(out.buffer, outByte, count / 2);
  const m = (mask * 0x10001) | 0;
  const c = ((intercept & 0xffff) * 0x10001) | 0;
  const cLow = c & 0x7fff7fff;
  const cTop = c & 0x80008000;
  // Bit 15 of every masked lane is 0, so the high-bit fix reduces to xor with the intercept's own high bits.
  for (let i = 0; i < src.length; i++) dst[i] = ((src[i]! & m) + cLow) ^ cTop;
  return true;
}

/**
 * The common CT case in one pass: 16-bit stored values, an integral rescale, no padding, int16
 * output. Separate loops per stored type keep each one monomorphic.
 */
function fastInt16(stored: StoredArray, px: PixelFormat, t: HuTransform, out: Int16Array, offset: number, count: number): SliceWrite | undefined {
  if (t.padding || px.bitsAllocated !== 16 || px.highBit + 1 !== px.bitsStored || !Number.isInteger(t.slope) || !Number.isInteger(t.intercept)) return undefined;
  const { slope, intercept } = t;
  let min = 2147483647;
  let max = -2147483648;
  if (stored instanceof Uint16Array && px.pixelRepresentation === 0) {
    const mask = 2 ** px.bitsStored - 1;
    const a = intercept;
    const b = mask * slope + intercept;
    if (Math.min(a, b) >= -32768 && Math.max(a, b) <= 32767) {
      // Every possible stored value maps into int16: no range tracking needed.
      const paired = slope === 1 && mask <= 0x7fff && pairwiseAddInt16(stored, mask, intercept, out, offset, count);
      if (!paired) for (let i = 0; i < count; i++) out[offset + i] = (stored[i]! & mask) * slope + intercept;
      return { padded: 0, min: Math.min(a, b), max: Math.max(a, b) };
    }
    for (let i = 0; i < count; i++) {
      const h = (stored[i]! & mask) * slope + intercept;
      min = h < min ? h : min;
      max = h > max ? h : max;
      out[offset + i] = h;
    }
  } else if (stored instanceof Int16Array && px.bitsStored === 16) {
    for (let i = 0; i < count; i++) {
      const h = stored[i]! * slope + intercept;
      min = h < min ? h : min;
      max = h > max ? h : max;
      out[offset + i] = h;
    }
  } else return undefined;
  return { padded: 0, min, max };
}

let scratch = new Int32Array(0);

/**
 * Writes slice values (HU) into `out` from `offset`. Stored values are first reduced to
 * BitsStored, so overlay bits or junk above the high bit never reach the image. Returns the
 * padding count and the HU range written; a range outside int16 means an Int16Array `out`
 * overflowed and the caller must redo the slice in float.
 */
export function writeHu(stored: StoredArray, px: PixelFormat, t: HuTransform, out: Int16Array | Float32Array, offset: number, count: number): SliceWrite {
  const fast = out instanceof Int16Array ? fastInt16(stored, px, t, out, offset, count) : undefined;
  if (fast) return fast;
  if (scratch.length < count) scratch = new Int32Array(count);
  storedToInt32(stored, px, count, scratch);
  return out instanceof Int16Array ? applyInt16(scratch, t, out, offset, count) : applyFloat32(scratch, t, out, offset, count);
}

export function fitsInt16Range(w: SliceWrite): boolean {
  return w.min >= -32768 && w.max <= 32767;
}
