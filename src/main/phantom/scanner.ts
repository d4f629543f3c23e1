import type { Kernel } from './protocol';
import { Rng } from '../../shared/random';

/**
 * Reconstruction effects on one slice: the kernel's point-spread function applied to the
 * true image plus white quantum noise, so the noise is shaped by the same kernel as the
 * anatomy (smooth and blotchy for a soft kernel, fine-grained with edge overshoot for a sharp
 * one), then scaled to the protocol's noise level.
 */
export interface KernelFilter {
  readonly blur: Float32Array;
  /**
   * Sharp kernels: out = (1 + k) * B(x) - k * box3(B(x)) with B the blur: unsharp masking by a
   * 3x3 mean, which gives the overshoot at edges and the fine-grained noise of a bone/lung kernel.
   */
  readonly k: number;
  /** Sum of squared 2D filter weights: white noise of SD s comes out with SD s * sqrt(gain). */
  readonly gain: number;
}

function gaussian1d(sigmaPx: number, radius: number): Float32Array {
  const w = new Float32Array(2 * radius + 1);
  if (sigmaPx < 0.2) {
    w[radius] = 1;
    return w;
  }
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigmaPx * sigmaPx));
    w[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / sum;
  return w;
}

function dot1d(a: Float32Array, b: Float32Array): number {
  const ra = (a.length - 1) / 2;
  const rb = (b.length - 1) / 2;
  let s = 0;
  for (let i = -Math.min(ra, rb); i <= Math.min(ra, rb); i++) s += a[i + ra]! * b[i + rb]!;
  return s;
}

/** a convolved with the 3-tap mean (one longer on each side). */
function withBox3(a: Float32Array): Float32Array {
  const out = new Float32Array(a.length + 2);
  for (let i = 0; i < a.length; i++) for (let t = 0; t < 3; t++) out[i + t] = out[i + t]! + a[i]! / 3;
  return out;
}

export function kernelFilter(kernel: Kernel, pixelMm: number): KernelFilter {
  const blurMm = kernel === 'soft' ? 0.62 : 0.3;
  const blur = gaussian1d(blurMm / pixelMm, Math.max(1, Math.round((2.5 * blurMm) / pixelMm)));
  if (kernel === 'soft') return { blur, k: 0, gain: dot1d(blur, blur) ** 2 };
  // Less enhancement on coarse grids, where a pixel is already wider than the overshoot.
  const k = pixelMm < 1.2 ? 0.9 : 0.4;
  const wide = withBox3(blur);
  const gain = (1 + k) ** 2 * dot1d(blur, blur) ** 2 - 2 * k * (1 + k) * dot1d(blur, wide) ** 2 + k * k * dot1d(wide, wide) ** 2;
  return { blur, k, gain };
}

/** Separable convolution of an nx*ny image with the same 1D kernel along rows and columns (edges clamped). */
export function convolveSeparable(src: Float32Array, nx: number, ny: number, w: Float32Array, tmp: Float32Array, out: Float32Array): void {
  const r = (w.length - 1) / 2;
  if (r === 0) {
    out.set(src);
    return;
  }
  // Rows: clamped edges, then an interior loop without bounds tests.
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    for (let i = 0; i < nx; i++) {
      if (i === r && nx > 2 * r) i = nx - r;
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const ii = i + t < 0 ? 0 : i + t >= nx ? nx - 1 : i + t;
        s += w[t + r]! * src[row + ii]!;
      }
      tmp[row + i] = s;
    }
    if (r === 2) {
      // The common soft-kernel case, unrolled.
      const w0 = w[0]!, w1 = w[1]!, w2 = w[2]!, w3 = w[3]!, w4 = w[4]!;
      for (let i = 2; i < nx - 2; i++) {
        const o = row + i;
        tmp[o] = w0 * src[o - 2]! + w1 * src[o - 1]! + w2 * src[o]! + w3 * src[o + 1]! + w4 * src[o + 2]!;
      }
    } else {
      for (let i = r; i < nx - r; i++) {
        let s = 0;
        const o = row + i - r;
        for (let t = 0; t < w.length; t++) s += w[t]! * src[o + t]!;
        tmp[row + i] = s;
      }
    }
  }
  // Columns: each output row is a weighted sum of whole input rows, read in memory order.
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    for (let t = -r; t <= r; t++) {
      const jj = j + t < 0 ? 0 : j + t >= ny ? ny - 1 : j + t;
      const wt = w[t + r]!;
      const src2 = jj * nx;
      if (t === -r) for (let i = 0; i < nx; i++) out[row + i] = wt * tmp[src2 + i]!;
      else for (let i = 0; i < nx; i++) out[row + i] = out[row + i]! + wt * tmp[src2 + i]!;
    }
  }
}

/** 3x3 mean with clamped edges (two 3-tap running passes). */
export function box3(src: Float32Array, nx: number, ny: number, tmp: Float32Array, out: Float32Array): void {
  const third = 1 / 3;
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    tmp[row] = (2 * src[row]! + src[row + 1]!) * third;
    for (let i = 1; i < nx - 1; i++) tmp[row + i] = (src[row + i - 1]! + src[row + i]! + src[row + i + 1]!) * third;
    tmp[row + nx - 1] = (src[row + nx - 2]! + 2 * src[row + nx - 1]!) * third;
  }
  for (let j = 0; j < ny; j++) {
    const a = Math.max(0, j - 1) * nx, b = j * nx, c = Math.min(ny - 1, j + 1) * nx;
    for (let i = 0; i < nx; i++) out[b + i] = (tmp[a + i]! + tmp[b + i]! + tmp[c + i]!) * third;
  }
}

let normalTable: Float32Array | undefined;

/** 4096 fixed standard-normal values; sums of two random entries make fast Gaussian noise. */
function normals(): Float32Array {
  if (!normalTable) {
    const r = new Rng(0x5eed);
    normalTable = new Float32Array(4096);
    for (let i = 0; i < normalTable.length; i++) normalTable[i] = r.normal();
  }
  return normalTable;
}

/** Scratch buffers for one slice size, reused from slice to slice. */
export class SliceScanner {
  private readonly a: Float32Array;
  private readonly b: Float32Array;
  private readonly c: Float32Array;

  constructor(private readonly nx: number, private readonly ny: number, private readonly filter: KernelFilter) {
    const n = nx * ny;
    this.a = new Float32Array(n);
    this.b = new Float32Array(n);
    this.c = new Float32Array(n);
  }

  /** Adds noise to `hu` in place through the kernel and writes rounded, clamped HU to `out`. */
  apply(hu: Float32Array, noiseHu: number, seed: number, slice: number, out: Int16Array): void {
    const n = this.nx * this.ny;
    const table = normals();
    // mulberry32 inline (state in a local): this loop draws one number per pixel of every slice.
    let state = Rng.derive(seed, 'noise', slice).u32() | 0;
    const white = noiseHu / Math.sqrt(this.filter.gain) / Math.SQRT2;
    for (let p = 0; p < n; p++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = t ^ (t >>> 14);
      hu[p] = hu[p]! + white * (table[u & 4095]! + table[(u >>> 12) & 4095]!);
    }
    const f = this.filter;
    convolveSeparable(hu, this.nx, this.ny, f.blur, this.a, this.b);
    if (f.k > 0) {
      box3(this.b, this.nx, this.ny, this.a, this.c);
      for (let p = 0; p < n; p++) this.b[p] = (1 + f.k) * this.b[p]! - f.k * this.c[p]!;
    }
    for (let p = 0; p < n; p++) {
      const v = Math.round(this.b[p]!);
      out[p] = v < -1024 ? -1024 : v > 3071 ? 3071 : v;
    }
  }
}
