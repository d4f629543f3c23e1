import type { Layer, LungRule, Shape } from '../scene';
import type { Material, TissueId } from '../tissues';

type Extra = Omit<Layer, 'name' | 'shape' | 'material' | 'tissue' | 'lung'>;

export function layer(name: string, shape: Shape, material: Material, tissue: TissueId, lung: LungRule = 'none', extra: Extra = {}): Layer {
  return { name, shape, material, tissue, lung, ...extra };
}
