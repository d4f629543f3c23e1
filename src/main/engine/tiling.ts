import type { Shape3 } from '../../shared/network';

/**
 * Sliding-window geometry for crops too large to run whole: tile origins that cover every
 * voxel with at least the requested overlap, and the Gaussian importance map that blends
 * overlapping tiles (MONAI's sliding_window_inference "gaussian" mode, sigma = tile / 8), so
 * each tile's less reliable borders count less.
 */
export function tileOrigins(size: number, tile: number, overlap: number): number[] {
  if (size <= tile) return [0];
  const step = Math.max(1, Math.floor(tile * (1 - overlap)));
  const n = Math.ceil((size - tile) / step) + 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.min(i * step, size - tile));
  return [...new Set(out)];
}

export function planTiles(shape: Shape3, tile: Shape3, overlap: number): Shape3[] {
  const [od, oh, ow] = [0, 1, 2].map((a) => tileOrigins(shape[a] as number, tile[a] as number, overlap)) as [number[], number[], number[]];
  const out: Shape3[] = [];
  for (const d of od) for (const h of oh) for (const w of ow) out.push([d, h, w]);
  return out;
}

export function gaussianWeights(tile: Shape3, sigmaScale = 0.125): Float32Array {
  const axes = tile.map((n) => {
    const sigma = Math.max(n * sigmaScale, 1e-3);
    const c = (n - 1) / 2;
    return Float32Array.from({ length: n }, (_, i) => Math.exp(-((i - c) ** 2) / (2 * sigma * sigma)));
  }) as [Float32Array, Float32Array, Float32Array];
  const [D, H, W] = tile;
  const w = new Float32Array(D * H * W);
  let max = 0;
  for (let z = 0; z < D; z++) {
    for (let y = 0; y < H; y++) {
      const zy = (axes[0][z] as number) * (axes[1][y] as number);
      for (let x = 0; x < W; x++) {
        const v = zy * (axes[2][x] as number);
        w[(z * H + y) * W + x] = v;
        if (v > max) max = v;
      }
    }
  }
  // Floor the tails so corners covered by a single tile still get a usable weight.
  const floor = max * 1e-3;
  for (let i = 0; i < w.length; i++) w[i] = Math.max(w[i] as number, floor) / max;
  return w;
}

/**
 * Copies a [C, d, h, w] box between two C-channel volumes: from `src` (shape `srcShape`) at
 * `srcAt` into `dst` (shape `dstShape`) at `dstAt`. Voxels of `dst` outside the box are left alone.
 */
export function copyBox(
  src: Float32Array,
  srcShape: Shape3,
  srcAt: Shape3,
  dst: Float32Array,
  dstShape: Shape3,
  dstAt: Shape3,
  box: Shape3,
  channels: number,
): void {
  const [sD, sH, sW] = srcShape;
  const [dD, dH, dW] = dstShape;
  const [bd, bh, bw] = box;
  for (let c = 0; c < channels; c++) {
    for (let z = 0; z < bd; z++) {
      for (let y = 0; y < bh; y++) {
        const s = ((c * sD + srcAt[0] + z) * sH + srcAt[1] + y) * sW + srcAt[2];
        const d = ((c * dD + dstAt[0] + z) * dH + dstAt[1] + y) * dW + dstAt[2];
        dst.set(src.subarray(s, s + bw), d);
      }
    }
  }
}
