import * as ort from 'onnxruntime-node';
import { prod, type ParamEntry, type Shape3, type UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';

/** Wraps a Float32Array as a runtime tensor without copying it. */
export function tensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

export function scalar1(v: number): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.of(v), [1]);
}

/** Per-head targets, by head name; a bare array is accepted for single-head networks. */
export type Targets = Readonly<Record<string, Float32Array>> | Float32Array;

/** Per-head voxel weights of a voxel-weighted BCE (graph/loss.ts), by head name. */
export type VoxelWeights = Readonly<Record<string, Float32Array>>;

/**
 * Checks an image patch, its targets and (when the graph takes them) its voxel weights against
 * the spec and patch shape; returns the feeds.
 */
export function patchFeeds(
  spec: UNetSpec, patch: Shape3, image: Float32Array, targets: Targets | undefined, weights?: VoxelWeights | false,
): Result<Record<string, ort.Tensor>> {
  const vox = prod(patch);
  if (image.length !== spec.inChannels * vox) {
    return fail(`image patch holds ${image.length} values; "${spec.name}" at ${patch.join('x')} needs ${spec.inChannels} channel(s) x ${vox} = ${spec.inChannels * vox}`);
  }
  const feeds: Record<string, ort.Tensor> = { image: tensor(image, [1, spec.inChannels, ...patch]) };
  if (targets === undefined) return ok(feeds);
  const byHead: Readonly<Record<string, Float32Array>> =
    targets instanceof Float32Array ? (spec.heads.length === 1 ? { [(spec.heads[0] as { name: string }).name]: targets } : {}) : targets;
  for (const h of spec.heads) {
    const y = byHead[h.name];
    if (!y) return fail(`missing the "${h.name}" target (this network has heads ${spec.heads.map((x) => x.name).join(', ')})`);
    if (y.length !== h.outChannels * vox) return fail(`"${h.name}" target holds ${y.length} values, needs ${h.outChannels * vox}`);
    feeds[`target_${h.name}`] = tensor(y, [1, h.outChannels, ...patch]);
    if (weights === undefined || weights === false) continue;
    const w = weights[h.name];
    if (!w) return fail(`missing the "${h.name}" voxel weights (this trainer weighs its BCE per voxel)`);
    if (w.length !== y.length) return fail(`"${h.name}" voxel weights hold ${w.length} values, needs ${y.length}`);
    feeds[`weight_${h.name}`] = tensor(w, [1, h.outChannels, ...patch]);
  }
  return ok(feeds);
}

/** Views of a flat state vector as per-parameter tensors, keyed `<kind>:<name>` (or `...:out`). */
export function stateTensors(kind: 'p' | 'm' | 'v' | 'g', entries: readonly ParamEntry[], flat: Float32Array, out = false): Record<string, ort.Tensor> {
  const r: Record<string, ort.Tensor> = {};
  for (const e of entries) r[`${kind}:${e.name}${out ? ':out' : ''}`] = tensor(flat.subarray(e.offset, e.offset + e.size), e.shape);
  return r;
}
