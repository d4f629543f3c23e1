import type { Kernel } from './protocol';
import { Rng } from './random';

/**
 * Reconstruction effects on one slice: the kernel's point-spread function applied to the
 * true image plus white quantum noise, so the noise is shaped by the same kernel as the
 * anatomy (smooth and blotchy for a soft kernel, fine-grained with edge overshoot for a sharp
 * one), then scaled to the protocol's noise level.
 */
export interface KernelFilter {
  readonly blur: Float32Array;
  /** Sharp kernels: out = (1 + k) * blur(x) - k * wide(x), an edge-enhancing difference of Gaussians. */
  readonly wide?: Float32Array;
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

export function kernelFilter(kernel: Kernel, pixelMm: number): KernelFilter {
  const blurMm = kernel === 'soft' ? 0.62 : 0.36;
  const blur = gaussian1d(blurMm / pixelMm, Math.max(1, Math.ceil((3 * blurMm) / pixelMm)));
  if (kernel === 'soft') return { blur, k: 0, gain: dot1d(blur, blur) ** 2 };
  const wideMm = 1.1;
  const wide = gaussian1d(wideMm / pixelMm, Math.max(1, Math.ceil((3 * wideMm) / pixelMm)));
  const k = pixelMm < 1.2 ? 0.7 : 0.35;
  const gain = (1 + k) ** 2 * dot1d(blur, blur) ** 2 - 2 * k * (1 + k) * dot1d(blur, wide) ** 2 + k * k * dot1d(wide, wide) ** 2;
  return { blur, wide, k, gain };
}

/** Separable convolution of an nx*ny image with the same 1D kernel along rows and columns (edges clamped). */
export function convolveSeparable(src: Float32Array, nx: number, ny: number, w: Float32Array, tmp: Float32Array, out: Float32Array): void {
  const r = (w.length - 1) / 2;
  if (r === 0 || (w.length === 1)) {
    out.set(src);
    return;
  }
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const ii = i + t < 0 ? 0 : i + t >= nx ? nx - 1 : i + t;
        s += w[t + r]! * src[row + ii]!;
      }
      tmp[row + i] = s;
    }
  }
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (let t = -r; t <= r; t++) {
        const jj = j + t < 0 ? 0 : j + t >= ny ? ny - 1 : j + t;
        s += w[t + r]! * tmp[jj * nx + i]!;
      }
      out[row + i] = s;
    }
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
    const rng = Rng.derive(seed, 'noise', slice);
    const white = noiseHu / Math.sqrt(this.filter.gain) / Math.SQRT2;
    for (let p = 0; p < n; p++) {
      const u = rng.u32();
      hu[p] = hu[p]! + white * (table[u & 4095]! + table[(u >>> 12) & 4095]!);
    }
    const f = this.filter;
    convolveSeparable(hu, this.nx, this.ny, f.blur, this.a, this.b);
    if (f.wide) {
      convolveSeparable(hu, this.nx, this.ny, f.wide, this.a, this.c);
      for (let p = 0; p < n; p++) this.b[p] = (1 + f.k) * this.b[p]! - f.k * this.c[p]!;
    }
    for (let p = 0; p < n; p++) {
      const v = Math.round(this.b[p]!);
      out[p] = v < -1024 ? -1024 : v > 3071 ? 3071 : v;
    }
  }
}
