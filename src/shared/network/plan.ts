import { levels, type UNetSpec } from './spec';

/**
 * The spec expanded into its layers, in execution order. Both ONNX graphs (inference and
 * train step), the parameter layout, shape inference, FLOP counts and the PyTorch name mapping
 * all walk this one list, so they cannot disagree about the network.
 */
export interface LayerPlan {
  /** Stable id, also the prefix of the layer's parameter names: enc0, bottom, dec.mask.2 ... */
  readonly id: string;
  /** conv: weight [out, in, 3,3,3]; convT: PyTorch ConvTranspose layout [in, out, 3,3,3]. */
  readonly kind: 'conv' | 'convT';
  readonly inCh: number;
  readonly outCh: number;
  readonly stride: number;
  /** Instance norm + PReLU after the convolution; false only for each head's last layer. */
  readonly normAct: boolean;
  /** Where it sits: encoder level, bottom, or a head's decoder level. */
  readonly role: { readonly part: 'encoder'; readonly level: number } | { readonly part: 'bottom' } | { readonly part: 'decoder'; readonly head: string; readonly level: number };
}

export interface NetworkPlan {
  readonly encoder: readonly LayerPlan[];
  readonly bottom: LayerPlan;
  /** Per head (spec order), decoder layers from the deepest level up to level 0. */
  readonly decoders: readonly { readonly head: string; readonly layers: readonly LayerPlan[] }[];
}

export function planNetwork(spec: UNetSpec): NetworkPlan {
  const L = levels(spec);
  const ch = (l: number): number => spec.channels[l] as number;
  const stride = (l: number): number => spec.strides[l] as number;
  const encoder: LayerPlan[] = [];
  for (let l = 0; l < L; l++) {
    encoder.push({
      id: `enc${l}`,
      kind: 'conv',
      inCh: l === 0 ? spec.inChannels : ch(l - 1),
      outCh: ch(l),
      stride: stride(l),
      normAct: true,
      role: { part: 'encoder', level: l },
    });
  }
  const bottom: LayerPlan = { id: 'bottom', kind: 'conv', inCh: ch(L - 1), outCh: ch(L), stride: 1, normAct: true, role: { part: 'bottom' } };
  const decoders = spec.heads.map((h) => {
    const layers: LayerPlan[] = [];
    for (let l = L - 1; l >= 0; l--) {
      const below = l === L - 1 ? ch(L) : ch(l);
      layers.push({
        id: `dec.${h.name}.${l}`,
        kind: 'convT',
        inCh: ch(l) + below,
        outCh: l === 0 ? h.outChannels : ch(l - 1),
        stride: stride(l),
        normAct: l !== 0,
        role: { part: 'decoder', head: h.name, level: l },
      });
    }
    return { head: h.name, layers };
  });
  return { encoder, bottom, decoders };
}

export function allLayers(plan: NetworkPlan): LayerPlan[] {
  return [...plan.encoder, plan.bottom, ...plan.decoders.flatMap((d) => d.layers)];
}
