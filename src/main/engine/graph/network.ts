import { layerParams, planNetwork, type LayerPlan, type ParamLayout, type UNetSpec } from '../../../shared/network';
import type { GraphBuilder } from './builder';
import { biasGrad, conv, convInputGrad, convTInputGrad, convTranspose, weightGrad } from './conv';
import { normActBackward, normActInference, normActTrain, type NormActParams } from './norm-act';
import type { Tape } from './tape';
import { spatial, t, type ConvImpl, type T } from './tensor';

/** Gives the graph value holding a parameter (by its layout name), already in its tensor shape. */
export type ParamSource = (name: string) => string;

/**
 * Declares one graph input per parameter, `p:<layout name>`, in its tensor shape: callers feed
 * views of one flat buffer, so weights reach the runtime without a copy.
 */
export function paramInputs(g: GraphBuilder, layout: ParamLayout): (name: string) => string {
  const names = new Map(layout.entries.map((e) => [e.name, g.input(`p:${e.name}`, e.shape)]));
  return (name) => {
    const n = names.get(name);
    if (!n) throw new Error(`spec has no parameter ${name}`);
    return n;
  };
}

export function probOutputName(head: string): string {
  return `prob_${head}`;
}

export interface ForwardOptions {
  readonly impl: ConvImpl;
  /** Present in the train graph: records every op for the backward pass. */
  readonly tape?: Tape;
  /** Receives each parameter's gradient value (train graph); absent names mean "zero". */
  readonly grads?: Map<string, string>;
}

/**
 * The U-Net forward pass from the spec's layer plan. Returns each head's logits (before the
 * sigmoid), in spec order.
 */
export function unetForward(g: GraphBuilder, spec: UNetSpec, input: T, params: ParamSource, opts: ForwardOptions): T[] {
  const plan = planNetwork(spec);
  const skips: T[] = [];
  let h = input;
  for (const layer of plan.encoder) {
    h = layerForward(g, spec, layer, h, params, opts, layer === plan.encoder[0]);
    skips.push(h);
  }
  const bottom = layerForward(g, spec, plan.bottom, h, params, opts, false);
  return plan.decoders.map((dec) => {
    let d = bottom;
    for (const layer of dec.layers) {
      if (layer.role.part !== 'decoder') throw new Error('decoder plan holds a non-decoder layer');
      const skip = skips[layer.role.level] as T;
      d = layerForward(g, spec, layer, concatChannels(g, skip, d, opts.tape), params, opts, false);
    }
    return d;
  });
}

function concatChannels(g: GraphBuilder, a: T, b: T, tape: Tape | undefined): T {
  const ca = a.shape[1] as number;
  const cb = b.shape[1] as number;
  const out = t(g.concat([a.name, b.name], 1), [1, ca + cb, ...spatial(a)]);
  if (!tape) return out;
  return tape.record([a, b], out, (d) => [
    t(g.slice(d.name, [0], [ca], [1]), a.shape),
    t(g.slice(d.name, [ca], [ca + cb], [1]), b.shape),
  ]);
}

function layerForward(g: GraphBuilder, spec: UNetSpec, layer: LayerPlan, x: T, params: ParamSource, opts: ForwardOptions, isFirst: boolean): T {
  const roles = new Set(layerParams(spec, layer).map((p) => p.role));
  const w = params(`${layer.id}.w`);
  const b = params(`${layer.id}.b`);
  const z =
    layer.kind === 'conv'
      ? conv(g, x, w, b, layer.outCh, layer.stride)
      : convTranspose(g, x, w, b, layer.outCh, layer.stride, spatial(x).map((n) => n * layer.stride), opts.impl);
  const na: NormActParams | undefined = layer.normAct
    ? {
        slope: params(`${layer.id}.slope`),
        perChannel: spec.act.perChannel,
        eps: spec.norm.eps,
        ...(roles.has('norm_scale') ? { scale: params(`${layer.id}.norm_scale`), bias: params(`${layer.id}.norm_bias`) } : {}),
      }
    : undefined;
  const { tape, grads } = opts;
  if (!tape || !grads) return na ? normActInference(g, z, na) : z;

  const convBackward = (dz: T, biasIsDead: boolean): (T | null)[] => {
    grads.set(`${layer.id}.w`, weightGrad(g, x, dz, layer.stride, layer.kind === 'convT', opts.impl));
    // A bias right before instance norm is removed by the mean subtraction: its gradient is
    // exactly zero, so it is left out (an absent gradient is zero).
    if (!biasIsDead) grads.set(`${layer.id}.b`, biasGrad(g, dz));
    if (isFirst) return [null];
    const dx = layer.kind === 'conv' ? convInputGrad(g, dz, w, x.shape, layer.stride, opts.impl) : convTInputGrad(g, dz, w, x.shape, layer.stride);
    return [dx];
  };
  if (!na) return tape.record([x], z, (dz) => convBackward(dz, false));
  const { y, saved } = normActTrain(g, z, na);
  return tape.record([x], y, (dy) => {
    const r = normActBackward(g, dy, saved, na);
    grads.set(`${layer.id}.slope`, r.dSlope);
    if (r.dScale && r.dBias) {
      grads.set(`${layer.id}.norm_scale`, r.dScale);
      grads.set(`${layer.id}.norm_bias`, r.dBias);
    }
    return convBackward(r.dx, true);
  });
}
