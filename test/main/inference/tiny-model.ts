import { makeModelCard } from '../../../src/main/engine/card';
import { exportModel } from '../../../src/main/engine/model-file';
import { initParams, type Postprocess, type UNetSpec } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';

/** A very small untrained network of the student or teacher kind, written as a LungTS .onnx: exercises plumbing, not accuracy. */
export function tinySpec(role: 'student' | 'teacher'): UNetSpec {
  return {
    format: 'lungts-unet', specVersion: 1, name: `tiny-${role}`, inChannels: role === 'teacher' ? 2 : 1, channels: [2, 4, 4], strides: [2, 2],
    kernelSize: 3, norm: { kind: 'instance', affine: false, eps: 1e-5 }, act: { kind: 'prelu', perChannel: false, init: 0.25 },
    heads: [{ name: 'mask', outChannels: 1 }],
  };
}

export function writeTinyModel(path: string, role: 'student' | 'teacher', patchShape: [number, number, number], postprocess?: Postprocess): void {
  const spec = tinySpec(role);
  const params = initParams(spec, 3);
  const made = makeModelCard(spec, params, { source: 'initialised', data: 'none (test model)', syntheticOnly: true, patchShape });
  const card = postprocess ? { ...made, postprocess } : made;
  unwrap(exportModel(path, card, params));
}
