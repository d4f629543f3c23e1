import type { RasterImage } from './png';

/** Shrinks an image to `width` (keeping the aspect) by averaging the source pixels each output pixel covers. */
export function shrinkToWidth(img: RasterImage, width: number): RasterImage {
  if (width >= img.width) return img;
  const scale = img.width / width;
  const height = Math.max(1, Math.round(img.height / scale));
  const ch = img.channels;
  const out = new Uint8Array(width * height * ch);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * scale), y1 = Math.max(y0 + 1, Math.min(img.height, Math.floor((y + 1) * scale)));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * scale), x1 = Math.max(x0 + 1, Math.min(img.width, Math.floor((x + 1) * scale)));
      for (let c = 0; c < ch; c++) {
        let s = 0;
        for (let v = y0; v < y1; v++) for (let u = x0; u < x1; u++) s += img.pixels[(v * img.width + u) * ch + c]!;
        out[(y * width + x) * ch + c] = Math.round(s / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return { width, height, channels: ch, pixels: out };
}

/** The same image with one channel when every pixel is gray (a third of the bytes to compress). */
export function grayIfPossible(img: RasterImage): RasterImage {
  if (img.channels === 1) return img;
  const n = img.width * img.height;
  const gray = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const r = img.pixels[3 * p]!;
    if (r !== img.pixels[3 * p + 1] || r !== img.pixels[3 * p + 2]) return img;
    gray[p] = r;
  }
  return { width: img.width, height: img.height, channels: 1, pixels: gray };
}
