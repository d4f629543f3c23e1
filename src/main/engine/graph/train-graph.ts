import { allLayers, paramLayout, planNetwork, type ParamEntry, type ParamLayout, type Shape3, type UNetSpec } from '../../../shared/network';
import { APP_VERSION } from '../../../shared/version';
import type { ModelDef } from '../onnx/model';
import { adamParam, adamScalars, gateGrad, type AdamHyper } from './adam';
import { GraphBuilder } from './builder';
import { diceLoss, weightInputName, type LossTerms } from './loss';
import { paramInputs, probOutputName, unetForward } from './network';
import { Tape } from './tape';
import { t, type ConvImpl, type T } from './tensor';

/**
 * Train graphs for one (spec, patch shape), all from the same forward/backward code. Every
 * parameter tensor is its own input (`p:<name>`), and every state tensor its own input and
 * output (`m:<name>` -> `m:<name>:out`, likewise v, g, p), so the trainer feeds views of its
 * flat buffers and receives the results in place: no copies of the weights, no concatenation.
 *  - 'step': forward + backward + Adam for one patch. Inputs p:*, m:*, v:*, step, lr, image,
 *    target_<head> (+ weight_<head> with `loss.voxelWeights`; + g:* and gscale with `accumulator`:
 *    gradient = (g + this patch's) * gscale);
 *    outputs p/m/v:*:out and loss.
 *  - 'grad': forward + backward: p:*, g:*, image, targets -> g:*:out (= g + gradient), loss.
 *  - 'adam': the update from an accumulated gradient: p:*, m:*, v:*, g:*, gscale, step, lr.
 *  - 'eval': forward + loss: p:*, image, targets -> loss, prob_<head>.
 * Updates are written only when the loss (and the gradient that finishes last) is finite;
 * otherwise every output equals its input. Gating every write on that last gradient also makes
 * all reads of the old weights happen first, which is what makes in-place outputs safe.
 * Biases feeding instance norm get no gradient (it is exactly zero) and are never updated.
 */
export type TrainGraphKind = 'step' | 'grad' | 'adam' | 'eval';

export interface TrainGraphOptions {
  readonly kind: TrainGraphKind;
  readonly impl: ConvImpl;
  readonly loss: LossTerms;
  readonly adam: AdamHyper;
  /** 'step' only: add an accumulated gradient (g:*, gscale) to this patch's. */
  readonly accumulator?: boolean;
}

export const targetInputName = (head: string): string => `target_${head}`;
export const stateName = (kind: 'p' | 'm' | 'v' | 'g', param: string): string => `${kind}:${param}`;
export const outName = (input: string): string => `${input}:out`;

/** Parameters that receive gradients (all but the biases directly before instance norm). */
export function trainableParams(spec: UNetSpec, layout: ParamLayout = paramLayout(spec)): ParamEntry[] {
  const normed = new Set(allLayers(planNetwork(spec)).filter((l) => l.normAct).map((l) => l.id));
  return layout.entries.filter((e) => !(e.role === 'b' && normed.has(e.layer)));
}

export function buildTrainGraph(spec: UNetSpec, patch: Shape3, opts: TrainGraphOptions): ModelDef {
  const g = new GraphBuilder();
  const layout = paramLayout(spec);
  const live = trainableParams(spec, layout);
  const params = paramInputs(g, layout);
  const meta = { 'lungts.graph': opts.kind, 'lungts.patch': patch.join('x') };
  const done = (): ModelDef => ({ graph: g.graph(`lungts_${opts.kind}_${spec.name}`), producerVersion: APP_VERSION, metadata: meta });

  if (opts.kind === 'adam') {
    const acc = new Map(live.map((e) => [e.name, g.input(stateName('g', e.name), e.shape)]));
    applyAdam(g, live, params, acc, g.input('gscale', [1]), undefined, opts.adam);
    return done();
  }
  const image = t(g.input('image', [1, spec.inChannels, ...patch]), [1, spec.inChannels, ...patch]);
  const targets = spec.heads.map((h) => g.input(targetInputName(h.name), [1, h.outChannels, ...patch]));
  const weights = opts.loss.voxelWeights ? spec.heads.map((h) => g.input(weightInputName(h.name), [1, h.outChannels, ...patch])) : [];
  if (opts.kind === 'eval') {
    const logits = unetForward(g, spec, image, params, { impl: opts.impl });
    g.output('loss', diceLoss(g, logits, targets, opts.loss, weights).loss, [1]);
    spec.heads.forEach((h, i) => g.output(probOutputName(h.name), g.op('Sigmoid', [(logits[i] as T).name]), [1, h.outChannels, ...patch]));
    return done();
  }
  const { grads, loss, last } = forwardBackward(g, spec, image, targets, params, opts, weights);
  // finite <=> loss and the last-computed gradient are finite; it is also the ordering gate.
  const check = g.add(loss, g.mul(g.reduceSum(last, [], false), g.scalar(0)));
  const finite = g.op('Not', [g.op('Or', [g.op('IsNaN', [check]), g.op('IsInf', [check])])]);
  g.output('loss', loss, [1]);
  if (opts.kind === 'grad') {
    for (const e of live) {
      const acc = g.input(stateName('g', e.name), e.shape);
      g.output(outName(stateName('g', e.name)), g.op('Where', [finite, g.add(acc, grads.get(e.name) as string), acc]), e.shape);
    }
    return done();
  }
  let total = grads;
  let scale: string | undefined;
  if (opts.accumulator) {
    scale = g.input('gscale', [1]);
    total = new Map(live.map((e) => [e.name, g.add(g.input(stateName('g', e.name), e.shape), grads.get(e.name) as string)]));
  }
  applyAdam(g, live, params, total, scale, finite, opts.adam);
  return done();
}

function applyAdam(
  g: GraphBuilder,
  live: readonly ParamEntry[],
  params: (name: string) => string,
  grads: ReadonlyMap<string, string>,
  scale: string | undefined,
  finite: string | undefined,
  h: AdamHyper,
): void {
  // The gate (and the scale) live in the scalars; only the gradient itself is gated per element.
  // Every output depends on the gated gradient, so the old weights are all read first.
  const gate = { ...(scale ? { scale } : {}), ...(finite ? { finite } : {}) };
  const s = adamScalars(g, g.input('step', [1]), g.input('lr', [1]), h, gate);
  for (const e of live) {
    const p = params(e.name);
    const m = g.input(stateName('m', e.name), e.shape);
    const v = g.input(stateName('v', e.name), e.shape);
    const r = adamParam(g, p, m, v, gateGrad(g, grads.get(e.name) as string, gate), s);
    g.output(outName(stateName('p', e.name)), r.p, e.shape);
    g.output(outName(stateName('m', e.name)), r.m, e.shape);
    g.output(outName(stateName('v', e.name)), r.v, e.shape);
  }
}

/**
 * Forward, loss and backward. Returns each trainable parameter's gradient (in its tensor
 * shape), the loss [1] and the gradient that the backward pass finishes with.
 */
export function forwardBackward(
  g: GraphBuilder,
  spec: UNetSpec,
  image: T,
  targets: readonly string[],
  params: (name: string) => string,
  opts: Pick<TrainGraphOptions, 'impl' | 'loss'>,
  weights: readonly string[] = [],
): { grads: Map<string, string>; loss: string; last: string } {
  const tape = new Tape();
  const grads = new Map<string, string>();
  const logits = unetForward(g, spec, image, params, { impl: opts.impl, tape, grads });
  const { loss, dLogits } = diceLoss(g, logits, targets, opts.loss, weights);
  tape.backward(g, logits.map((z, i) => ({ value: z, grad: dLogits[i] as T })));
  const live = trainableParams(spec);
  if (grads.size !== live.length || live.some((e) => !grads.has(e.name))) throw new Error('backward pass and trainable parameters disagree');
  // The first layer's weight gradient needs every other layer's input gradient: it comes last.
  const last = grads.get(`${allLayers(planNetwork(spec))[0]?.id}.w`) as string;
  return { grads, loss, last };
}
