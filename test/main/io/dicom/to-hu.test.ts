import { describe, expect, it } from 'vitest';
import { fitsInt16Range, writeHu } from '../../../../src/main/io/dicom/pixels/to-hu';
import type { PixelFormat } from '../../../../src/main/io/dicom/header';

const N = 64 * 64;
const px = (bitsStored: number, signed: boolean, bitsAllocated = 16): PixelFormat => ({
  rows: 64, columns: 64, samplesPerPixel: 1, bitsAllocated, bitsStored, highBit: bitsStored - 1,
  pixelRepresentation: signed ? 1 : 0, photometric: 'MONOCHROME2', planarConfiguration: 0,
});

/** The definition, one value at a time: keep BitsStored bits, sign-extend, pad, rescale. */
function reference(raw: number, p: PixelFormat, slope: number, intercept: number, pad?: [number, number]): number {
  let v = raw & (2 ** p.bitsStored - 1);
  if (p.pixelRepresentation === 1 && v >= 2 ** (p.bitsStored - 1)) v -= 2 ** p.bitsStored;
  if (pad && v >= pad[0] && v <= pad[1]) return -1024;
  return v * slope + intercept;
}

function random16(): Uint16Array {
  let s = 12345;
  return new Uint16Array(N).map(() => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 16;
  });
}

describe('stored values to HU', () => {
  const raw = random16();
  const cases: { name: string; p: PixelFormat; slope: number; intercept: number; pad?: [number, number]; out: 'int16' | 'float32' }[] = [
    { name: 'unsigned 12-bit, junk above bit 11, intercept -1024 (paired fast path)', p: px(12, false), slope: 1, intercept: -1024, out: 'int16' },
    { name: 'unsigned 15-bit, intercept -16384 (paired fast path, high bit of the intercept)', p: px(15, false), slope: 1, intercept: -16384, out: 'int16' },
    { name: 'unsigned 12-bit, slope 2', p: px(12, false), slope: 2, intercept: -1024, out: 'int16' },
    { name: 'signed 12-bit, sign-extended', p: px(12, true), slope: 1, intercept: 0, out: 'int16' },
    { name: 'signed 16-bit with padding range', p: px(16, true), slope: 1, intercept: -1024, pad: [-2000, -1990], out: 'float32' },
    { name: 'fractional rescale', p: px(12, false), slope: 0.5, intercept: -1000.25, out: 'float32' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const stored = c.p.pixelRepresentation === 1 ? new Int16Array(raw.buffer.slice(0)) : raw;
      const out = c.out === 'int16' ? new Int16Array(3 * N) : new Float32Array(3 * N);
      const w = writeHu(stored, c.p, { slope: c.slope, intercept: c.intercept, paddingHu: -1024, ...(c.pad ? { padding: { lo: c.pad[0], hi: c.pad[1] } } : {}) }, out, N, N);
      let padded = 0;
      for (let i = 0; i < N; i++) {
        const want = reference(raw[i]!, c.p, c.slope, c.intercept, c.pad);
        if (c.pad && want === -1024 && reference(raw[i]!, c.p, c.slope, c.intercept) !== -1024) padded++;
        expect(out[N + i]).toBeCloseTo(want, 3);
      }
      expect(out[0]).toBe(0); // nothing written outside the slice
      expect(out[2 * N]).toBe(0);
      if (c.pad) expect(w.padded).toBe(padded);
      if (c.out === 'int16') expect(fitsInt16Range(w)).toBe(true);
    });
  }

  it('reports values beyond int16 so the caller can switch to float', () => {
    const out = new Int16Array(N);
    const w = writeHu(raw, px(16, false), { slope: 1, intercept: -1024, paddingHu: -1024 }, out, 0, N);
    expect(w.max).toBeGreaterThan(32767);
    expect(fitsInt16Range(w)).toBe(false);
  });
});
