import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { crc32, encodePng } from '../../../src/main/render/png';

/** Decodes what our encoder writes (8-bit, filters 0 and 2) so the test checks pixels, not bytes. */
function decode(png: Uint8Array) {
  const b = Buffer.from(png);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let o = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (o < b.length) {
    const len = b.readUInt32BE(o);
    const type = b.toString('latin1', o + 4, o + 8);
    const data = b.subarray(o + 8, o + 8 + len);
    expect(b.readUInt32BE(o + 8 + len)).toBe(crc32(b, o + 4, o + 8 + len));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 2 ? 3 : 1;
    }
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      out[y * stride + x] = f === 2 && y > 0 ? (v + out[(y - 1) * stride + x]!) & 0xff : v;
    }
  }
  return { width, height, channels, pixels: out };
}

describe('PNG encoder', () => {
  it('crc32 matches the reference value of "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips gray and RGB pixels', () => {
    const gray = { width: 7, height: 5, channels: 1 as const, pixels: Uint8Array.from({ length: 35 }, (_, i) => (i * 53) & 255) };
    const rgb = { width: 3, height: 4, channels: 3 as const, pixels: Uint8Array.from({ length: 36 }, (_, i) => (i * 97) & 255) };
    for (const img of [gray, rgb]) {
      const d = decode(encodePng(img));
      expect([d.width, d.height, d.channels]).toEqual([img.width, img.height, img.channels]);
      expect(Array.from(d.pixels)).toEqual(Array.from(img.pixels));
    }
  });

  it('refuses a buffer that does not match the size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 1, pixels: new Uint8Array(3) })).toThrow();
  });
});
