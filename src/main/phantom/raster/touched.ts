/**
 * Which pixels a rasteriser wrote, so compositing visits only those: row spans for filled
 * outlines, single pixels for thin tubes and blobs (a vessel tree touches a few percent of
 * the plane spread over its whole width).
 */
export class Touched {
  spans: Int32Array;
  spanCount = 0;
  pixels: Int32Array;
  pixelCount = 0;

  constructor(rows: number, pixels: number) {
    this.spans = new Int32Array(rows * 3);
    this.pixels = new Int32Array(Math.max(1024, pixels >> 2));
  }

  clear(): void {
    this.spanCount = 0;
    this.pixelCount = 0;
  }

  addSpan(j: number, lo: number, hi: number): void {
    if ((this.spanCount + 1) * 3 > this.spans.length) {
      const grown = new Int32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    const o = this.spanCount * 3;
    this.spans[o] = j;
    this.spans[o + 1] = lo;
    this.spans[o + 2] = hi;
    this.spanCount++;
  }

  addPixel(p: number): void {
    if (this.pixelCount === this.pixels.length) {
      const grown = new Int32Array(this.pixels.length * 2);
      grown.set(this.pixels);
      this.pixels = grown;
    }
    this.pixels[this.pixelCount++] = p;
  }

  get empty(): boolean {
    return this.spanCount === 0 && this.pixelCount === 0;
  }
}
