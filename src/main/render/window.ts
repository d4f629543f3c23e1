import type { RasterImage } from './png';
import type { ViewImage } from './views';

export type WindowName = 'lung' | 'mediastinum' | 'bone';

/** Display windows as (centre, width) in HU, the usual presets of chest CT reading. */
export const WINDOWS: Record<WindowName, { readonly centre: number; readonly width: number }> = {
  lung: { centre: -600, width: 1500 },
  mediastinum: { centre: 40, width: 400 },
  bone: { centre: 400, width: 1800 },
};

export function applyWindow(img: ViewImage, centre: number, width: number): RasterImage {
  const lo = centre - width / 2;
  const scale = 255 / width;
  const pixels = new Uint8Array(img.values.length * 3);
  for (let p = 0; p < img.values.length; p++) {
    const g = Math.max(0, Math.min(255, Math.round((img.values[p]! - lo) * scale)));
    pixels[3 * p] = g;
    pixels[3 * p + 1] = g;
    pixels[3 * p + 2] = g;
  }
  return { width: img.width, height: img.height, channels: 3, pixels };
}

/** Label colours (label 1 red, 2 green, ...), blended at `alpha` with a solid outline. */
const COLOURS: readonly (readonly [number, number, number])[] = [
  [255, 60, 40], [60, 220, 80], [70, 140, 255], [255, 200, 40], [220, 80, 255], [40, 220, 220],
];

export function overlayLabels(img: RasterImage, labels: ViewImage, alpha = 0.35): RasterImage {
  const { width, height } = img;
  const out = Uint8Array.from(img.pixels);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : Math.round(labels.values[y * width + x]!));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = at(x, y);
      if (l <= 0) continue;
      const c = COLOURS[(l - 1) % COLOURS.length]!;
      const edge = at(x - 1, y) !== l || at(x + 1, y) !== l || at(x, y - 1) !== l || at(x, y + 1) !== l;
      const a = edge ? 1 : alpha;
      const p = 3 * (y * width + x);
      for (let ch = 0; ch < 3; ch++) out[p + ch] = Math.round(out[p + ch]! * (1 - a) + c[ch]! * a);
    }
  }
  return { width, height, channels: 3, pixels: out };
}

/** Places images side by side (top-aligned) with a gap, on black. */
export function montage(images: readonly RasterImage[], gap = 6): RasterImage {
  const width = images.reduce((a, im) => a + im.width, 0) + gap * Math.max(0, images.length - 1);
  const height = Math.max(...images.map((im) => im.height));
  const pixels = new Uint8Array(width * height * 3);
  let x0 = 0;
  for (const im of images) {
    for (let y = 0; y < im.height; y++) {
      for (let x = 0; x < im.width; x++) {
        const s = (y * im.width + x) * im.channels;
        const d = 3 * (y * width + x0 + x);
        for (let ch = 0; ch < 3; ch++) pixels[d + ch] = im.pixels[s + (im.channels === 1 ? 0 : ch)]!;
      }
    }
    x0 += im.width + gap;
  }
  return { width, height, channels: 3, pixels };
}
