import { fail, ok, type Result } from '../result';
import { allLayers, planNetwork, type LayerPlan } from './plan';
import { sizeMultiple, type UNetSpec } from './spec';

export type Shape3 = readonly [number, number, number];

/** Output size of a 3x3x3 convolution with padding 1 along one axis. */
export function convOutSize(n: number, stride: number): number {
  return Math.floor((n - 1) / stride) + 1;
}

/** Output size of MONAI's transposed convolution (k 3, padding 1, output padding stride - 1). */
export function convTOutSize(n: number, stride: number): number {
  return n * stride;
}

/** Spatial input shape [D, H, W] of a network input: every axis a positive multiple of the stride product. */
export function checkInputShape(spec: UNetSpec, shape: readonly number[]): Result<Shape3> {
  if (shape.length !== 3) return fail(`an input needs 3 spatial sizes, got ${shape.length}`);
  const m = sizeMultiple(spec);
  for (const n of shape) {
    if (!Number.isInteger(n) || n < m || n % m !== 0) {
      return fail(`input size ${shape.join('x')} is not usable: every axis must be a positive multiple of ${m} for "${spec.name}"`);
    }
  }
  return ok([shape[0], shape[1], shape[2]] as Shape3);
}

/** The next multiple of the network's stride product at or above each size (for padding crops). */
export function paddedShape(spec: UNetSpec, shape: Shape3): Shape3 {
  const m = sizeMultiple(spec);
  return shape.map((n) => Math.max(m, Math.ceil(n / m) * m)) as unknown as Shape3;
}

export interface LayerShapes {
  readonly layer: LayerPlan;
  readonly inShape: Shape3;
  readonly outShape: Shape3;
}

/** Spatial shapes in and out of every layer for one (valid) input shape. */
export function layerShapes(spec: UNetSpec, input: Shape3): LayerShapes[] {
  const plan = planNetwork(spec);
  const out: LayerShapes[] = [];
  let s: Shape3 = input;
  const encOut: Shape3[] = [];
  for (const layer of plan.encoder) {
    const o = s.map((n) => convOutSize(n, layer.stride)) as unknown as Shape3;
    out.push({ layer, inShape: s, outShape: o });
    encOut.push(o);
    s = o;
  }
  out.push({ layer: plan.bottom, inShape: s, outShape: s });
  const deepest = s;
  for (const dec of plan.decoders) {
    let d = deepest;
    for (const layer of dec.layers) {
      const o = d.map((n) => convTOutSize(n, layer.stride)) as unknown as Shape3;
      out.push({ layer, inShape: d, outShape: o });
      d = o;
    }
  }
  return out;
}

/** Multiply-adds x 2 of every convolution for one forward pass at this input shape. */
export function forwardConvFlops(spec: UNetSpec, input: Shape3): number {
  let f = 0;
  for (const { layer, inShape, outShape } of layerShapes(spec, input)) {
    const vox = layer.kind === 'conv' ? prod(outShape) : prod(inShape);
    f += 2 * vox * layer.inCh * layer.outCh * 27;
  }
  return f;
}

/**
 * Convolution FLOPs of one train step: forward, input gradient (skipped for the first
 * layer, whose input is the image) and weight gradient, each the forward's count.
 */
export function trainStepConvFlops(spec: UNetSpec, input: Shape3): number {
  const first = allLayers(planNetwork(spec))[0]?.id;
  let f = 0;
  for (const { layer, inShape, outShape } of layerShapes(spec, input)) {
    const vox = layer.kind === 'conv' ? prod(outShape) : prod(inShape);
    const one = 2 * vox * layer.inCh * layer.outCh * 27;
    f += one * (layer.id === first ? 2 : 3);
  }
  return f;
}

export function prod(s: readonly number[]): number {
  return s.reduce((a, b) => a * b, 1);
}
