/** A graph value with its static shape, [N, C, D, H, W] for volumes (N = 1 throughout). */
export interface T {
  readonly name: string;
  readonly shape: readonly number[];
}

export function t(name: string, shape: readonly number[]): T {
  return { name, shape };
}

export function spatial(x: T): [number, number, number] {
  return [x.shape[2] as number, x.shape[3] as number, x.shape[4] as number];
}

export function channels(x: T): number {
  return x.shape[1] as number;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * How the graphs realise the convolution family. Each choice is exact (same math); they
 * differ only in speed, measured by `npm run bench:engine` and picked there.
 *  - convTranspose: 'native' ConvTranspose, or 'subpixel' (a stride-2 transposed convolution as
 *    eight stride-1 convolutions on the input plus an interleave);
 *  - stride1InputGrad: the input gradient of a stride-1 convolution as 'convT' (ConvTranspose
 *    with the same weights) or 'flipconv' (Conv with flipped, transposed weights);
 *  - weightGrad: 'gemm' (27 shifted slices, one GEMM each), 'im2col' (the 27 slices stacked,
 *    one GEMM), 'dilated' (one Conv between the transposed input and the transposed output
 *    gradient, dilation = stride), or 'auto': 'dilated' where one side has under 32 channels
 *    (GEMMs with few rows are mostly overhead: 2-8x slower there in our measurements), else
 *    'gemm' ('im2col' was not measurably faster here and holds a 27-fold copy: +220 MB for the
 *    teacher at 128^3).
 */
export interface ConvImpl {
  readonly convTranspose: 'native' | 'subpixel';
  readonly stride1InputGrad: 'convT' | 'flipconv';
  readonly weightGrad: 'gemm' | 'im2col' | 'dilated' | 'auto';
}

export const DEFAULT_CONV_IMPL: ConvImpl = { convTranspose: 'subpixel', stride1InputGrad: 'flipconv', weightGrad: 'auto' };
