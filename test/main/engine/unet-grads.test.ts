import { describe, expect, it } from 'vitest';
import { DEFAULT_ADAM } from '../../../src/main/engine/graph/adam';
import { buildInferenceGraph } from '../../../src/main/engine/graph/inference-graph';
import { DEFAULT_CONV_IMPL } from '../../../src/main/engine/graph/tensor';
import { buildTrainGraph, trainableParams } from '../../../src/main/engine/graph/train-graph';
import { paramLayout, type ParamEntry, type Shape3, type UNetSpec } from '../../../src/shared/network';
import { readFixture, relError, runModel, type Fixture } from './fixture';

// Whole networks against PyTorch float64 autograd: every parameter's gradient of the Dice loss
// through conv (stride 2 and 1), transposed conv, instance norm (affine and plain), PReLU (per
// channel and single), skip concatenation, sigmoid and, for the DO case, the second decoder.

function specFrom(fx: Fixture, name: string): { spec: UNetSpec; shape: Shape3 } {
  const m = fx.meta.spec as { inChannels: number; channels: number[]; strides: number[]; heads: string[]; affine: boolean; perChannel: boolean };
  return {
    spec: {
      format: 'lungts-unet',
      specVersion: 1,
      name,
      inChannels: m.inChannels,
      channels: m.channels,
      strides: m.strides,
      kernelSize: 3,
      norm: { kind: 'instance', affine: m.affine, eps: 1e-5 },
      act: { kind: 'prelu', perChannel: m.perChannel, init: 0.25 },
      heads: m.heads.map((h) => ({ name: h, outChannels: 1 })),
    },
    shape: fx.meta.shape as unknown as Shape3,
  };
}

/** Feeds for per-parameter inputs `<kind>:<name>`, as views of a flat vector. */
function views(kind: string, entries: readonly ParamEntry[], flat: Float32Array): Record<string, { data: Float32Array; dims: readonly number[] }> {
  return Object.fromEntries(entries.map((e) => [`${kind}:${e.name}`, { data: flat.subarray(e.offset, e.offset + e.size), dims: e.shape }]));
}

function flatParams(fx: Fixture, spec: UNetSpec): Float32Array {
  const layout = paramLayout(spec);
  const flat = new Float32Array(layout.total);
  for (const e of layout.entries) flat.set(fx.f32(`param:${e.name}`), e.offset);
  return flat;
}

for (const file of ['grads-unet-so.bin', 'grads-unet-do.bin']) {
  describe(`U-Net ${file}`, () => {
    const fx = readFixture(file);
    const { spec, shape } = specFrom(fx, file);
    const layout = paramLayout(spec);
    const params = flatParams(fx, spec);
    const feeds = {
      image: { data: fx.f32('image'), dims: fx.shape('image') },
      ...Object.fromEntries(spec.heads.map((h, i) => [`target_${h.name}`, { data: fx.f32(`target${i}`), dims: fx.shape(`target${i}`) }])),
    };

    it('forward probabilities match', async () => {
      for (const impl of [DEFAULT_CONV_IMPL, { ...DEFAULT_CONV_IMPL, convTranspose: 'native' as const }]) {
        const out = await runModel(buildInferenceGraph(spec, { weights: { kind: 'input' }, shape, impl }), {
          image: feeds.image,
          ...views('p', layout.entries, params),
        });
        spec.heads.forEach((h, i) => expect(relError(out[`prob_${h.name}`] as Float32Array, fx.f64(`prob${i}`))).toBeLessThan(1e-4));
      }
    });

    for (const impl of [DEFAULT_CONV_IMPL, { convTranspose: 'native', stride1InputGrad: 'convT', weightGrad: 'gemm' } as const, { ...DEFAULT_CONV_IMPL, weightGrad: 'im2col' } as const]) it(`every parameter gradient is within 1e-3 of the float64 reference [${Object.values(impl).join('/')}]`, async () => {
      const model = buildTrainGraph(spec, shape, { kind: 'grad', impl, loss: { bceWeight: 0 }, adam: DEFAULT_ADAM });
      const live = trainableParams(spec, layout);
      const out = await runModel(model, { ...feeds, ...views('p', layout.entries, params), ...views('g', live, new Float32Array(layout.total)) });
      expect(relError(out.loss as Float32Array, fx.f64('loss'))).toBeLessThan(1e-5);
      for (const e of layout.entries) {
        const ours = out[`g:${e.name}:out`];
        if (live.includes(e)) expect(relError(ours as Float32Array, fx.f64(`grad:${e.name}`)), e.name).toBeLessThan(1e-3);
        // Biases feeding instance norm get no gradient output: PyTorch's is zero up to rounding too.
        else expect(Math.max(...Array.from(fx.f64(`grad:${e.name}`), Math.abs)), e.name).toBeLessThan(1e-9);
      }
      // The check has teeth: every trainable gradient is far from zero.
      for (const e of live) expect(Math.max(...Array.from(fx.f64(`grad:${e.name}`), Math.abs)), e.name).toBeGreaterThan(1e-6);
    });
  });
}

describe('Adam update', () => {
  it('three steps match torch.optim.Adam', async () => {
    const fx = readFixture('grads-adam.bin');
    const spec = specFrom(readFixture('grads-unet-so.bin'), 'x').spec;
    // The adam graph takes every parameter; the 50 test values sit at the front of enc0.w.
    const layout = paramLayout(spec);
    const live = trainableParams(spec, layout);
    const P = layout.total;
    const model = buildTrainGraph(spec, [8, 12, 16], { kind: 'adam', impl: DEFAULT_CONV_IMPL, loss: { bceWeight: 0 }, adam: DEFAULT_ADAM });
    const p = new Float32Array(P);
    p.set(fx.f32('p0'));
    const m = new Float32Array(P);
    const v = new Float32Array(P);
    let step = 0;
    for (let s = 0; s < 3; s++) {
      const g = new Float32Array(P);
      g.set(fx.f32(`g${s}`));
      const out = await runModel(model, {
        ...views('p', layout.entries, p),
        ...views('m', live, m),
        ...views('v', live, v),
        ...views('g', live, g),
        gscale: { data: Float32Array.of(1), dims: [1] },
        step: { data: Float32Array.of(step), dims: [1] },
        lr: { data: Float32Array.of(fx.meta.lr as number), dims: [1] },
      });
      for (const e of live) {
        p.set(out[`p:${e.name}:out`] as Float32Array, e.offset);
        m.set(out[`m:${e.name}:out`] as Float32Array, e.offset);
        v.set(out[`v:${e.name}:out`] as Float32Array, e.offset);
      }
      step++;
    }
    expect(step).toBe(3);
    expect(relError(p.subarray(0, 50), fx.f64('p3'))).toBeLessThan(1e-5);
    expect(relError(m.subarray(0, 50), fx.f64('m3'))).toBeLessThan(1e-5);
    expect(relError(v.subarray(0, 50), fx.f64('v3'))).toBeLessThan(1e-5);
  });
});
