import { mulberry32, type UNetSpec } from '../../../src/shared/network';

/** A 2-level U-Net small enough to train in a test (2.7k weights). */
export const TINY: UNetSpec = {
  format: 'lungts-unet',
  specVersion: 1,
  name: 'tiny',
  inChannels: 1,
  channels: [4, 8, 16],
  strides: [2, 2],
  kernelSize: 3,
  norm: { kind: 'instance', affine: false, eps: 1e-5 },
  act: { kind: 'prelu', perChannel: false, init: 0.25 },
  heads: [{ name: 'mask', outChannels: 1 }],
};

export const TINY_DO: UNetSpec = { ...TINY, name: 'tiny-do', heads: [{ name: 'mask', outChannels: 1 }, { name: 'box', outChannels: 1 }] };

/**
 * A noisy cube holding a bright "tumour" sphere (labelled) and a dark distractor sphere (not
 * labelled), at random places and sizes; `box` is the tumour's per-axial-slice bounding box,
 * the DO student's second target.
 */
export function syntheticCase(n: number, rand: () => number): { image: Float32Array; mask: Float32Array; box: Float32Array } {
  const image = new Float32Array(n ** 3);
  const mask = new Float32Array(n ** 3);
  const box = new Float32Array(n ** 3);
  const blob = (v: number) => ({ v, c: [0, 1, 2].map(() => 4 + rand() * (n - 8)), r: 2.5 + rand() * 3 });
  const blobs = [blob(1), blob(-0.8)];
  for (let z = 0; z < n; z++) {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const i = (z * n + y) * n + x;
        let v = rand() - 0.5;
        blobs.forEach((b, k) => {
          if (Math.hypot(z - (b.c[0] as number), y - (b.c[1] as number), x - (b.c[2] as number)) < b.r) {
            v += b.v;
            if (k === 0) mask[i] = 1;
          }
        });
        image[i] = v;
      }
    }
  }
  for (let z = 0; z < n; z++) {
    let y0 = n;
    let y1 = -1;
    let x0 = n;
    let x1 = -1;
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        if (mask[(z * n + y) * n + x]) {
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
        }
      }
    }
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) box[(z * n + y) * n + x] = 1;
  }
  return { image, mask, box };
}

export function cases(n: number, count: number, seed: number): ReturnType<typeof syntheticCase>[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => syntheticCase(n, rand));
}

/** Dice of the 0.5-thresholded prediction against a binary mask. */
export function dice(prob: Float32Array, mask: Float32Array): number {
  let inter = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = (prob[i] as number) > 0.5 ? 1 : 0;
    inter += p * (mask[i] as number);
    a += p;
    b += mask[i] as number;
  }
  return a + b === 0 ? 1 : (2 * inter) / (a + b);
}
