import { paramLayout, planNetwork, allLayers, type LayerPlan, type ParamRole, type UNetSpec } from '../../../shared/network';
import { fail, ok, type Result } from '../../../shared/result';
import type { TorchTensor } from './torch-load';

/**
 * Maps a MONAI UNet state dict (num_res_units = 0) onto our parameter layout.
 *
 * MONAI nests the network recursively: level l lives under `<root>` + ".1.submodule" x l, with
 * the down convolution at ".0" and the up (transposed) convolution at ".2"; the bottom is the
 * innermost ".1.submodule" itself. `<root>` is `model` for monai.networks.nets.UNet and
 * `model1` / `model2` for the paper's UNet_double (whose two decoders share the encoder).
 * Each Convolution holds `conv` and then either `norm`/`act` (MONAI 0.4, the paper's) or
 * `adn.N`/`adn.A` (MONAI >= 0.5).
 */
export interface MonaiImportReport {
  readonly layout: 'UNet' | 'UNet_double';
  readonly naming: 'monai-0.4' | 'monai-adn';
  readonly mapped: number;
  /** State-dict keys not used (e.g. the box decoder when importing into a one-head network). */
  readonly ignored: string[];
}

const SUFFIX: Record<ParamRole, { old: string; adn: string }> = {
  w: { old: 'conv.weight', adn: 'conv.weight' },
  b: { old: 'conv.bias', adn: 'conv.bias' },
  norm_scale: { old: 'norm.weight', adn: 'adn.N.weight' },
  norm_bias: { old: 'norm.bias', adn: 'adn.N.bias' },
  slope: { old: 'act.weight', adn: 'adn.A.weight' },
};

function prefixOf(layer: LayerPlan, levels: number, roots: readonly string[], headIndex: Map<string, number>): string {
  const nest = (root: string, l: number): string => root + '.1.submodule'.repeat(l);
  const r = layer.role;
  if (r.part === 'encoder') return `${nest(roots[0] as string, r.level)}.0`;
  if (r.part === 'bottom') return nest(roots[0] as string, levels);
  return `${nest(roots[headIndex.get(r.head) ?? 0] as string, r.level)}.2`;
}

export function mapMonaiStateDict(spec: UNetSpec, input: Map<string, TorchTensor>): Result<{ params: Float32Array; report: MonaiImportReport }> {
  const sd = new Map<string, TorchTensor>();
  for (const [k, v] of input) sd.set(k.startsWith('module.') ? k.slice(7) : k, v);
  const keys = [...sd.keys()];
  if (keys.some((k) => /running_mean|running_var/.test(k))) {
    return fail('the checkpoint uses batch norm; LungTS networks use instance norm (MONAI Norm.INSTANCE)');
  }
  if (keys.some((k) => /\.(residual|conv\.unit\d+)\./.test(k))) {
    return fail('the checkpoint uses residual units (MONAI num_res_units > 0); LungTS networks are MONAI UNets with num_res_units = 0');
  }
  const double = keys.some((k) => k.startsWith('model1.'));
  if (!double && !keys.some((k) => k.startsWith('model.'))) {
    return fail(`not a MONAI UNet state dict (keys start with "${keys[0]?.split('.')[0] ?? '?'}", expected "model." or "model1.")`);
  }
  const roots = double ? ['model1', 'model2'] : ['model'];
  if (spec.heads.length > roots.length) {
    return fail(`"${spec.name}" has ${spec.heads.length} heads but the checkpoint has ${roots.length} decoder(s)`);
  }
  const naming = keys.some((k) => k.includes('.adn.')) ? 'monai-adn' : 'monai-0.4';
  const headIndex = new Map(spec.heads.map((h, i) => [h.name, i]));
  const layout = paramLayout(spec);
  const params = new Float32Array(layout.total);
  const used = new Set<string>();
  const levels = spec.strides.length;
  const layers = new Map(allLayers(planNetwork(spec)).map((l) => [l.id, l]));
  for (const e of layout.entries) {
    const layer = layers.get(e.layer) as LayerPlan;
    const key = `${prefixOf(layer, levels, roots, headIndex)}.${naming === 'monai-adn' ? SUFFIX[e.role].adn : SUFFIX[e.role].old}`;
    const t = sd.get(key);
    if (!t) {
      const hint = e.role === 'norm_scale' ? ' (the spec expects affine instance norm)' : '';
      return fail(`the checkpoint has no ${key}, needed for ${e.name}${hint}; is it a "${spec.name}" network?`);
    }
    if (t.data.length !== e.size || (e.role !== 'slope' && t.shape.join('x') !== e.shape.join('x'))) {
      return fail(`${key} has shape ${t.shape.join('x')} but "${spec.name}" needs ${e.shape.join('x')} for ${e.name}: the checkpoint is a different network`);
    }
    params.set(t.data, e.offset);
    used.add(key);
  }
  // Shared encoder weights appear under both roots of UNet_double; they are the same tensors.
  const ignored = keys.filter((k) => !used.has(k) && !(double && k.startsWith('model2.') && isSharedCopy(k, sd, used)));
  const unexpected = ignored.filter((k) => /norm\.weight|adn\.N\.weight/.test(k));
  if (unexpected.length > 0) {
    return fail(`the checkpoint has affine instance norm (${unexpected[0]}) but "${spec.name}" has none: the checkpoint is a different network`);
  }
  return ok({ params, report: { layout: double ? 'UNet_double' : 'UNet', naming, mapped: used.size, ignored } });
}

function isSharedCopy(key: string, sd: Map<string, TorchTensor>, used: Set<string>): boolean {
  const twin = `model1.${key.slice('model2.'.length)}`;
  const a = sd.get(key);
  const b = sd.get(twin);
  if (!used.has(twin) || !a || !b || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}
