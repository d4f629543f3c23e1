import { paramLayout, type ParamLayout, type Shape3, type UNetSpec } from '../../../shared/network';
import { APP_VERSION } from '../../../shared/version';
import type { ModelDef } from '../onnx/model';
import { adamUpdate, type AdamHyper } from './adam';
import { GraphBuilder } from './builder';
import { diceLoss, type LossTerms } from './loss';
import { paramSlicer, probOutputName, unetForward } from './network';
import { Tape } from './tape';
import { t, type ConvImpl } from './tensor';

/**
 * Train graphs for one (spec, patch shape). All three come from the same forward/backward code:
 *  - 'step': one patch, forward + backward + Adam. Inputs params, m, v, gacc, gscale, step, lr,
 *    image, target_<head>...; outputs params_out, m_out, v_out, step_out, loss.
 *    The gradient used is (gacc + g) * gscale, so the last patch of an accumulation round can
 *    apply the update in the same call (gacc = 0, gscale = 1 without accumulation).
 *  - 'grad': forward + backward only. Inputs params, gacc, image, targets; outputs gacc_out
 *    (= gacc + g) and loss.
 *  - 'adam': the update alone from an accumulated gradient: params, m, v, gacc, gscale, step, lr.
 *  - 'eval': forward and loss only (validation): params, image, targets -> loss, prob_<head>.
 */
export type TrainGraphKind = 'step' | 'grad' | 'adam' | 'eval';

export interface TrainGraphOptions {
  readonly kind: TrainGraphKind;
  readonly impl: ConvImpl;
  readonly loss: LossTerms;
  readonly adam: AdamHyper;
}

export function targetInputName(head: string): string {
  return `target_${head}`;
}

export function buildTrainGraph(spec: UNetSpec, patch: Shape3, opts: TrainGraphOptions): ModelDef {
  const g = new GraphBuilder();
  const layout = paramLayout(spec);
  const P = layout.total;
  const params = g.input('params', [P]);
  let grad: string | undefined;
  let gacc: string | undefined;
  let loss: string | undefined;
  if (opts.kind === 'eval') return evalGraph(g, spec, layout, params, patch, opts);
  if (opts.kind === 'adam') {
    gacc = g.input('gacc', [P]);
  } else {
    gacc = g.input('gacc', [P]);
    const image = g.input('image', [1, spec.inChannels, ...patch]);
    const targets = spec.heads.map((h) => g.input(targetInputName(h.name), [1, h.outChannels, ...patch]));
    const r = forwardBackward(g, spec, layout, params, t(image, [1, spec.inChannels, ...patch]), targets, opts);
    grad = g.add(gacc, r.grad);
    loss = r.loss;
  }
  if (opts.kind === 'grad') {
    g.output('gacc_out', grad as string, [P]);
    g.output('loss', loss as string, [1]);
  } else {
    const m = g.input('m', [P]);
    const v = g.input('v', [P]);
    const gscale = g.input('gscale', [1]);
    const step = g.input('step', [1]);
    const lr = g.input('lr', [1]);
    const total = g.mul(grad ?? gacc, gscale);
    const a = adamUpdate(g, params, m, v, total, step, lr, opts.adam);
    g.output('params_out', a.params, [P]);
    g.output('m_out', a.m, [P]);
    g.output('v_out', a.v, [P]);
    g.output('step_out', a.step, [1]);
    if (loss) g.output('loss', loss, [1]);
  }
  return {
    graph: g.graph(`lungts_${opts.kind}_${spec.name}`),
    producerVersion: APP_VERSION,
    metadata: { 'lungts.graph': opts.kind, 'lungts.patch': patch.join('x') },
  };
}

function evalGraph(g: GraphBuilder, spec: UNetSpec, layout: ParamLayout, params: string, patch: Shape3, opts: TrainGraphOptions): ModelDef {
  const image = g.input('image', [1, spec.inChannels, ...patch]);
  const targets = spec.heads.map((h) => g.input(targetInputName(h.name), [1, h.outChannels, ...patch]));
  const logits = unetForward(g, spec, t(image, [1, spec.inChannels, ...patch]), paramSlicer(g, layout, params), { impl: opts.impl });
  g.output('loss', diceLoss(g, logits, targets, opts.loss).loss, [1]);
  spec.heads.forEach((h, i) => g.output(probOutputName(h.name), g.op('Sigmoid', [(logits[i] as ReturnType<typeof t>).name]), [1, h.outChannels, ...patch]));
  return { graph: g.graph(`lungts_eval_${spec.name}`), producerVersion: APP_VERSION, metadata: { 'lungts.graph': 'eval', 'lungts.patch': patch.join('x') } };
}

/** Forward, loss and backward; returns the flat gradient [P] and the loss [1]. */
export function forwardBackward(
  g: GraphBuilder,
  spec: UNetSpec,
  layout: ParamLayout,
  flatParams: string,
  image: ReturnType<typeof t>,
  targets: readonly string[],
  opts: Pick<TrainGraphOptions, 'impl' | 'loss'>,
): { grad: string; loss: string } {
  const source = paramSlicer(g, layout, flatParams);
  const tape = new Tape();
  const grads = new Map<string, string>();
  const logits = unetForward(g, spec, image, source, { impl: opts.impl, tape, grads });
  const { loss, dLogits } = diceLoss(g, logits, targets, opts.loss);
  tape.backward(g, logits.map((z, i) => ({ value: z, grad: dLogits[i] as ReturnType<typeof t> })));
  const flat = layout.entries.map((e) => {
    const gr = grads.get(e.name);
    return gr ? g.reshape(gr, [e.size]) : g.constF(new Array<number>(e.size).fill(0));
  });
  return { grad: g.concat(flat, 0), loss };
}
