import { paramLayout, type Shape3, type UNetSpec } from '../../../shared/network';
import { APP_VERSION } from '../../../shared/version';
import type { ModelDef } from '../onnx/model';
import { GraphBuilder } from './builder';
import { paramInputs, probOutputName, unetForward } from './network';
import { t, type ConvImpl } from './tensor';

/**
 * Inference graph: input `image` [1, inChannels, D, H, W], outputs `prob_<head>` (sigmoid
 * probabilities) per head.
 *  - weights 'input': one input per parameter (`p:<name>`, fed as views of the flat vector) and a
 *    fixed input shape: what the predictor runs (one session per shape serves any weights);
 *  - weights 'embedded': one initializer per parameter, named as in the parameter layout, and
 *    symbolic D/H/W: the portable .onnx export (native ConvTranspose, any runtime).
 */
export type InferenceWeights = { readonly kind: 'input' } | { readonly kind: 'embedded'; readonly flat: Float32Array };

export interface InferenceGraphOptions {
  readonly weights: InferenceWeights;
  /** A fixed spatial shape, or 'dynamic' for symbolic sizes (requires embedded weights' native ops). */
  readonly shape: Shape3 | 'dynamic';
  readonly impl: ConvImpl;
  readonly metadata?: Readonly<Record<string, string>>;
}

export function buildInferenceGraph(spec: UNetSpec, opts: InferenceGraphOptions): ModelDef {
  const g = new GraphBuilder();
  const layout = paramLayout(spec);
  const dims: (number | string)[] = opts.shape === 'dynamic' ? ['D', 'H', 'W'] : [...opts.shape];
  const impl: ConvImpl = opts.shape === 'dynamic' ? { ...opts.impl, convTranspose: 'native' } : opts.impl;
  const image = g.input('image', [1, spec.inChannels, ...dims]);
  let source: (name: string) => string;
  const w = opts.weights;
  if (w.kind === 'input') {
    source = paramInputs(g, layout);
  } else {
    if (w.flat.length !== layout.total) throw new Error(`weights hold ${w.flat.length} values, the spec needs ${layout.total}`);
    const names = new Map<string, string>();
    for (const e of layout.entries) names.set(e.name, g.initializer(e.name, w.flat.subarray(e.offset, e.offset + e.size), e.shape));
    source = (name) => {
      const n = names.get(name);
      if (!n) throw new Error(`spec has no parameter ${name}`);
      return n;
    };
  }
  // Shapes only matter to the static graph; the dynamic one never reads them.
  const shape = opts.shape === 'dynamic' ? [16, 16, 16] : [...opts.shape];
  const logits = unetForward(g, spec, t(image, [1, spec.inChannels, ...shape]), source, { impl });
  spec.heads.forEach((h, i) => {
    const p = g.op('Sigmoid', [(logits[i] as ReturnType<typeof t>).name]);
    g.output(probOutputName(h.name), p, [1, h.outChannels, ...dims]);
  });
  return {
    graph: g.graph(`lungts_infer_${spec.name}`),
    producerVersion: APP_VERSION,
    metadata: { 'lungts.graph': 'inference', ...(opts.metadata ?? {}) },
  };
}
