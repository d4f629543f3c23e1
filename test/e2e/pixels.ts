import type { Page } from 'playwright-core';

export interface PixelStats {
  readonly width: number;
  readonly height: number;
  /** Standard deviation of luminance: near 0 for a blank image. */
  readonly lumaStd: number;
  /** Pixels in the mask overlay's red (red well above green, green equal to blue: never CT grey). */
  readonly red: number;
  /** Red pixels within `radius` of (cx, cy). */
  readonly redNear: number;
}

/**
 * Statistics of a PNG screenshot, computed by the browser itself (createImageBitmap decodes
 * it), so the test needs no PNG decoder of its own.
 */
export async function pixelStats(page: Page, png: Buffer, near?: { x: number; y: number; radius: number }): Promise<PixelStats> {
  return page.evaluate(async ({ b64, near }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d')!;
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
    let sum = 0;
    let sum2 = 0;
    let red = 0;
    let redNear = 0;
    const n = bmp.width * bmp.height;
    for (let p = 0; p < n; p++) {
      const r = d[p * 4]!;
      const gg = d[p * 4 + 1]!;
      const b = d[p * 4 + 2]!;
      const l = 0.299 * r + 0.587 * gg + 0.114 * b;
      sum += l;
      sum2 += l * l;
      if (r - gg > 50 && Math.abs(gg - b) < 12) {
        red++;
        if (near) {
          const x = p % bmp.width;
          const y = Math.floor(p / bmp.width);
          if ((x - near.x) ** 2 + (y - near.y) ** 2 <= near.radius ** 2) redNear++;
        }
      }
    }
    const mean = sum / n;
    return { width: bmp.width, height: bmp.height, lumaStd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), red, redNear };
  }, { b64: png.toString('base64'), near });
}
