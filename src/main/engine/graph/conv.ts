import { int, ints, type GraphBuilder } from './builder';
import { channels, spatial, t, type ConvImpl, type T } from './tensor';

/**
 * 3x3x3 convolutions with padding 1 (stride 1 or 2), MONAI's transposed convolution
 * (padding 1, output padding stride - 1) and their gradients, in standard ONNX operators.
 * Conv weights are [out, in, 3,3,3]; transposed-conv weights keep PyTorch's [in, out, 3,3,3].
 */
const K3 = ints([3, 3, 3]);

export function convOut(n: number, stride: number): number {
  return Math.floor((n - 1) / stride) + 1;
}

export function conv(g: GraphBuilder, x: T, w: string, b: string | undefined, outCh: number, stride: number): T {
  const out = spatial(x).map((n) => convOut(n, stride));
  const name = g.op('Conv', b ? [x.name, w, b] : [x.name, w], { kernel_shape: K3, pads: ints([1, 1, 1, 1, 1, 1]), strides: ints([stride, stride, stride]) }, 'conv');
  return t(name, [1, outCh, ...out]);
}

/**
 * Transposed convolution y = convT(x, w) producing spatial size `outSize` (which fixes the
 * output padding: n_out = (n_in - 1) * stride - 1 + op). Serves the decoder's up-sampling and
 * the input gradient of every forward convolution.
 */
export function convTranspose(
  g: GraphBuilder,
  x: T,
  w: string,
  b: string | undefined,
  outCh: number,
  stride: number,
  outSize: readonly number[],
  impl: ConvImpl,
  late = false,
): T {
  const inSize = spatial(x);
  const op = inSize.map((m, i) => (outSize[i] as number) - (m - 1) * stride - 1);
  if (op.some((p) => p < 0 || p >= stride)) {
    throw new Error(`transposed conv ${inSize.join('x')} -> ${outSize.join('x')} at stride ${stride} is not realisable`);
  }
  if (stride === 1 && impl.stride1InputGrad === 'flipconv') {
    // convT with stride 1, padding 1 is a plain convolution with the kernel flipped and its
    // two channel axes swapped (a block transpose, then a 0/1 GEMM that reverses the taps).
    const swapped = swapChannels(g, w, channels(x), outCh); // [out, in, 27]
    const reversed = Array.from({ length: 27 }, (_, k) => 26 - k);
    return conv(g, x, selectTaps(g, swapped, outCh, channels(x), reversed, [3, 3, 3]), b, outCh, 1);
  }
  if (stride === 2 && impl.convTranspose === 'subpixel') return subpixelConvT(g, x, w, b, outCh, outSize, late);
  const name = g.op('ConvTranspose', b ? [x.name, w, b] : [x.name, w], {
    kernel_shape: K3,
    pads: ints([1, 1, 1, 1, 1, 1]),
    strides: ints([stride, stride, stride]),
    output_padding: ints(op),
  }, 'convt');
  return t(name, [1, outCh, ...outSize]);
}

/**
 * A stride-2 transposed convolution split by output parity: along one axis, even outputs take
 * tap 1 at input j, odd outputs taps 2 (input j) and 0 (input j + 1). The eight parity
 * combinations are stride-1 convolutions with 1..8 taps; their outputs interleave into the
 * result. Same arithmetic as ConvTranspose, but as plain Conv (faster on CPU).
 */
function subpixelConvT(g: GraphBuilder, x: T, w: string, b: string | undefined, outCh: number, outSize: readonly number[], late: boolean): T {
  const [m1, m2, m3] = spatial(x);
  const cIn = channels(x);
  const swapped = swapChannels(g, w, cIn, outCh); // [out, in, 27], tap = kd*9 + kh*3 + kw
  const axisTaps = [[1], [2, 0]];
  let stacked: string; // [8 * out, m1, m2, m3] (or [8, out, ...]), parity-major (rd, rh, rw)
  if (outCh <= FUSED_PARITY_MAX_OUT) {
    stacked = fusedParityConv(g, x, swapped, b, outCh, cIn);
  } else {
    const parts: string[] = [];
    for (let rd = 0; rd < 2; rd++) {
      for (let rh = 0; rh < 2; rh++) {
        for (let rw = 0; rw < 2; rw++) {
          const td = axisTaps[rd] as number[];
          const th = axisTaps[rh] as number[];
          const tw = axisTaps[rw] as number[];
          const idx = td.flatMap((kd) => th.flatMap((kh) => tw.map((kw) => kd * 9 + kh * 3 + kw)));
          const wk = selectTaps(g, swapped, outCh, cIn, idx, [td.length, th.length, tw.length]);
          const y = g.op('Conv', b ? [x.name, wk, b] : [x.name, wk], {
            kernel_shape: ints([td.length, th.length, tw.length]),
            pads: ints([0, 0, 0, rd, rh, rw]),
          }, 'subconv');
          parts.push(y);
        }
      }
    }
    stacked = g.concat(parts, 0);
  }
  let y = g.reshape(late ? interleaveFast(g, stacked, outCh, m1, m2, m3) : g.transpose(g.reshape(stacked, [2, 2, 2, outCh, m1, m2, m3]), [3, 4, 0, 5, 1, 6, 2]), [1, outCh, 2 * m1, 2 * m2, 2 * m3]);
  if (outSize[0] !== 2 * m1 || outSize[1] !== 2 * m2 || outSize[2] !== 2 * m3) {
    y = g.slice(y, [0, 0, 0], outSize, [2, 3, 4]);
  }
  return t(y, [1, outCh, ...outSize]);
}

/**
 * The parity interleave in two transposes: first the w parity moves innermost ([.., m3, 2]:
 * ORT moves a single axis with a SIMD kernel), then whole rows of 2 * m3 move into place; one
 * transpose with a size-2 innermost axis goes element by element and is ~3x slower. But with
 * the extra step ORT's allocation plan keeps one more output-sized buffer alive (+52 MB peak
 * for the teacher at 128^3 when the decoder's forward used it), so only the input gradients
 * use it: they run after the train step's memory peak (in the middle of the backward pass).
 */
function interleaveFast(g: GraphBuilder, stacked: string, c: number, m1: number, m2: number, m3: number): string {
  const wi = g.transpose(g.reshape(stacked, [4, 2, c * m1 * m2, m3]), [0, 2, 3, 1]); // [rd rh, c i j, k, rw]
  return g.transpose(g.reshape(wi, [2, 2, c, m1, m2, 2 * m3]), [2, 3, 0, 4, 1, 5]); // [c, i, rd, j, rh, k rw]
}

/**
 * Up to this many output channels, the eight parity convolutions run as ONE 2x2x2 convolution
 * with 8 x out channels (taps a parity does not use are zero). That spends 64 instead of 27
 * multiply-adds per (in, out) pair, but a 1-row GEMM per parity (the network's last layer has
 * one output channel) is memory-bound on its im2col; one 8-row GEMM over 8 taps is not.
 */
const FUSED_PARITY_MAX_OUT = 4;

function fusedParityConv(g: GraphBuilder, x: T, swapped: string, b: string | undefined, outCh: number, cIn: number): string {
  // Along one axis: parity 0 uses tap 1 at offset 0; parity 1 uses tap 2 at offset 0, tap 0 at offset 1.
  const tapAt = (r: number, off: number): number | undefined => (r === 0 ? (off === 0 ? 1 : undefined) : off === 0 ? 2 : 0);
  const cols: (number | undefined)[] = []; // column (parity * 8 + offset) -> source tap
  for (let p = 0; p < 8; p++) {
    for (let o = 0; o < 8; o++) {
      const kd = tapAt(p >> 2, o >> 2);
      const kh = tapAt((p >> 1) & 1, (o >> 1) & 1);
      const kw = tapAt(p & 1, o & 1);
      cols.push(kd === undefined || kh === undefined || kw === undefined ? undefined : kd * 9 + kh * 3 + kw);
    }
  }
  const sel = new Array<number>(27 * 64).fill(0);
  cols.forEach((k, j) => {
    if (k !== undefined) sel[k * 64 + j] = 1;
  });
  const picked = g.op('MatMul', [g.reshape(swapped, [outCh * cIn, 27]), g.constF(sel, [27, 64])]); // [out*in, parity*offset]
  const kernel = g.reshape(g.transpose(g.reshape(picked, [outCh * cIn, 8, 8]), [1, 0, 2]), [8 * outCh, cIn, 2, 2, 2]);
  const bias = b ? g.op('Tile', [b, g.constI([8])]) : undefined;
  return g.op('Conv', bias ? [x.name, kernel, bias] : [x.name, kernel], { kernel_shape: ints([2, 2, 2]), pads: ints([0, 0, 0, 1, 1, 1]) }, 'parityconv');
}

/**
 * Weight reshuffles run every step (the weights change), so they must be cheap. ONNX runtimes
 * move data slowly along a 3-element inner axis (element-wise transposes and gathers), but a
 * GEMM against a small 0/1 matrix picks, reorders or flips the 27 taps of every channel pair at
 * memory speed: [pairs, 27] x P[27, t]. Swapping the two channel axes moves whole 27-tap blocks.
 */
function swapChannels(g: GraphBuilder, w: string, a: number, b: number): string {
  return g.transpose(g.reshape(w, [a, b, 27]), [1, 0, 2]);
}

/** w [a, b, 27] -> [a, b, ...kernel] holding taps `idx` (in that order). */
function selectTaps(g: GraphBuilder, w: string, a: number, b: number, idx: readonly number[], kernel: readonly number[]): string {
  const p = new Array<number>(27 * idx.length).fill(0);
  idx.forEach((k, j) => (p[k * idx.length + j] = 1));
  const picked = g.op('MatMul', [g.reshape(w, [a * b, 27]), g.constF(p, [27, idx.length])]);
  return g.reshape(picked, [a, b, ...kernel]);
}

/** [t, n] -> [n, t] as a GEMM with the t x t identity (t small), far faster than a Transpose here. */
function transposeThin(g: GraphBuilder, x: string, t: number, n: number): string {
  const eye = Array.from({ length: t * t }, (_, i) => (i % (t + 1) === 0 ? 1 : 0));
  return g.op('Gemm', [g.reshape(x, [t, n]), g.constF(eye, [t, t])], { transA: int(1) });
}

/** dL/dx of y = conv(x, w) with stride s: a transposed convolution with the same weights. */
export function convInputGrad(g: GraphBuilder, dy: T, w: string, inShape: readonly number[], stride: number, impl: ConvImpl): T {
  return convTranspose(g, dy, w, undefined, inShape[1] as number, stride, inShape.slice(2), impl, true);
}

/** dL/dx of y = convT(x, w): a strided convolution of dy with the same weights. */
export function convTInputGrad(g: GraphBuilder, dy: T, w: string, inShape: readonly number[], stride: number): T {
  const y = conv(g, dy, w, undefined, inShape[1] as number, stride);
  if (y.shape.some((n, i) => n !== inShape[i])) throw new Error('transposed-conv input gradient has the wrong shape');
  return y;
}

/** dL/db: sum of dy over batch and space. */
export function biasGrad(g: GraphBuilder, dy: T): string {
  return g.reduceSum(dy.name, [0, 2, 3, 4], false);
}

/**
 * The 27 shifted views xp[s*i + k] (k per axis in 0..2, i < m) of a padded tensor. With stride
 * 2 the tensor is first split into its 8 parity sub-volumes (one strided pass), so each view is
 * a unit-step slice of one of them: xp[2i] = even[i], xp[2i + 1] = odd[i], xp[2i + 2] = even[i + 1].
 * Strided slices copy element by element; unit-step ones copy whole rows.
 */
function tapSlicer(g: GraphBuilder, padded: string, size: readonly number[], m: readonly number[], stride: number): (kd: number, kh: number, kw: number) => string {
  if (stride === 1) {
    return (kd, kh, kw) => g.slice(padded, [kd, kh, kw], [kd, kh, kw].map((k, i) => k + (m[i] as number)), [2, 3, 4]);
  }
  const parity = new Map<string, string>();
  const sub = (pd: number, ph: number, pw: number): string => {
    const key = `${pd}${ph}${pw}`;
    let v = parity.get(key);
    if (!v) {
      v = g.slice(padded, [pd, ph, pw], size, [2, 3, 4], [2, 2, 2]);
      parity.set(key, v);
    }
    return v;
  };
  return (kd, kh, kw) => {
    const off = [kd, kh, kw].map((k) => (k === 2 ? 1 : 0));
    return g.slice(sub(kd % 2, kh % 2, kw % 2), off, off.map((o, i) => o + (m[i] as number)), [2, 3, 4]);
  };
}

/**
 * dL/dw of y = conv(x, w) (transposed = false, w [out, in, k]) or y = convT(x, w)
 * (transposed = true, w [in, out, k]). Both correlate the padded larger tensor, strided by s,
 * with the smaller one.
 */
export function weightGrad(g: GraphBuilder, x: T, dy: T, stride: number, transposed: boolean, impl: ConvImpl): string {
  // `big` is the tensor indexed at s*i + k (padded by 1 in front), `small` the one indexed at i.
  const big = transposed ? dy : x;
  const small = transposed ? x : dy;
  const n = spatial(big);
  const m = spatial(small);
  const cBig = channels(big);
  const cSmall = channels(small);
  const padEnd = n.map((ni, i) => Math.max(0, stride * ((m[i] as number) - 1) + 3 - ni - 1));
  const dilated = impl.weightGrad === 'dilated' || (impl.weightGrad === 'auto' && Math.min(cBig, cSmall) < 32);
  if (dilated) {
    const input = g.reshape(big.name, [cBig, 1, ...n]);
    const kernel = g.reshape(small.name, [cSmall, 1, ...m]);
    const pe = n.map((ni, i) => 2 - ni + stride * ((m[i] as number) - 1));
    const out = g.op('Conv', [input, kernel], {
      kernel_shape: ints(m),
      pads: ints([1, 1, 1, ...pe]),
      dilations: ints([stride, stride, stride]),
    }, 'wgrad'); // [cBig, cSmall, 3,3,3]
    // conv: w is [out = cSmall(dy), in = cBig(x)] -> swap; convT: w is [in = cSmall(x), out = cBig(dy)] -> swap too.
    return g.transpose(out, [1, 0, 2, 3, 4]);
  }
  const padded = g.op('Pad', [big.name, g.constI([0, 0, 1, 1, 1, 0, 0, ...padEnd])]);
  const M = m[0] * m[1] * m[2];
  const small2 = g.reshape(small.name, [cSmall, M]);
  const tap = tapSlicer(g, padded, n.map((ni, i) => ni + 1 + (padEnd[i] as number)), m, stride);
  const taps: string[] = [];
  for (let kd = 0; kd < 3; kd++) for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 3; kw++) taps.push(g.reshape(tap(kd, kh, kw), [cBig, M]));
  if (impl.weightGrad === 'im2col') {
    // One GEMM against all 27 shifted copies: [cSmall, M] x [27 * cBig, M]^T.
    const all = g.op('Gemm', [small2, g.concat(taps, 0)], { transB: int(1) }, 'gemm'); // [cSmall, 27 * cBig]
    return g.reshape(g.transpose(g.reshape(all, [cSmall, 27, cBig]), [0, 2, 1]), [cSmall, cBig, 3, 3, 3]);
  }
  const cols = taps.map((b2) => g.op('Gemm', [small2, b2], { transB: int(1) }, 'gemm')); // [cSmall, cBig] each
  const stacked = g.concat(cols, 0); // [27 * cSmall, cBig], tap-major
  return g.reshape(transposeThin(g, stacked, 27, cSmall * cBig), [cSmall, cBig, 3, 3, 3]);
}
