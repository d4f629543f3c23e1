import { allLayers, planNetwork, type LayerPlan } from './plan';
import type { UNetSpec } from './spec';

/**
 * All parameters live in ONE flat Float32Array (and so do the Adam moments), in this layout's
 * order. The graphs slice it; checkpoints store it as is; one vector keeps the optimiser a
 * handful of element-wise ops and the JS <-> runtime traffic one buffer per role.
 */
export interface ParamEntry {
  /** `<layer id>.<w|b|norm_scale|norm_bias|slope>` */
  readonly name: string;
  readonly layer: string;
  readonly role: ParamRole;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

export type ParamRole = 'w' | 'b' | 'norm_scale' | 'norm_bias' | 'slope';

export interface ParamLayout {
  readonly entries: readonly ParamEntry[];
  readonly total: number;
}

export function layerParams(spec: UNetSpec, layer: LayerPlan): { role: ParamRole; shape: number[] }[] {
  const k = spec.kernelSize;
  const out: { role: ParamRole; shape: number[] }[] = [
    { role: 'w', shape: layer.kind === 'conv' ? [layer.outCh, layer.inCh, k, k, k] : [layer.inCh, layer.outCh, k, k, k] },
    { role: 'b', shape: [layer.outCh] },
  ];
  if (layer.normAct) {
    if (spec.norm.affine) out.push({ role: 'norm_scale', shape: [layer.outCh] }, { role: 'norm_bias', shape: [layer.outCh] });
    out.push({ role: 'slope', shape: [spec.act.perChannel ? layer.outCh : 1] });
  }
  return out;
}

export function paramLayout(spec: UNetSpec): ParamLayout {
  const entries: ParamEntry[] = [];
  let offset = 0;
  for (const layer of allLayers(planNetwork(spec))) {
    for (const p of layerParams(spec, layer)) {
      const size = p.shape.reduce((a, b) => a * b, 1);
      entries.push({ name: `${layer.id}.${p.role}`, layer: layer.id, role: p.role, shape: p.shape, offset, size });
      offset += size;
    }
  }
  return { entries, total: offset };
}

export function findParam(layout: ParamLayout, name: string): ParamEntry | undefined {
  return layout.entries.find((e) => e.name === name);
}

/** A view (no copy) of one parameter inside the flat vector. */
export function paramView(layout: ParamLayout, flat: Float32Array, name: string): Float32Array {
  const e = findParam(layout, name);
  if (!e) throw new Error(`no parameter named ${name}`);
  return flat.subarray(e.offset, e.offset + e.size);
}
