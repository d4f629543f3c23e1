import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src/main/engine/graph/builder';
import { biasGrad, conv, convInputGrad, convTInputGrad, convTranspose, weightGrad } from '../../../src/main/engine/graph/conv';
import { diceLoss } from '../../../src/main/engine/graph/loss';
import { normActBackward, normActInference, normActTrain } from '../../../src/main/engine/graph/norm-act';
import { t, type ConvImpl } from '../../../src/main/engine/graph/tensor';
import type { ModelDef } from '../../../src/main/engine/onnx/model';
import { readFixture, relError, runModel } from './fixture';

// Float64 references from PyTorch autograd (scripts/fixtures/engine_grads.py); inputs are
// float32-exact, so the only differences left are float32 rounding inside ORT.
const fx = readFixture('grads-layers.bin');
const cases = fx.meta.cases as { name: string; kind?: string; stride?: number; cin?: number; cout?: number; affine?: boolean; perChannel?: boolean; channels?: number; bceWeight?: number }[];
const TOL = 1e-3;

const IMPLS: ConvImpl[] = [];
for (const convTranspose of ['native', 'subpixel'] as const) {
  for (const stride1InputGrad of ['convT', 'flipconv'] as const) {
    for (const weightGrad of ['gemm', 'im2col', 'dilated'] as const) IMPLS.push({ convTranspose, stride1InputGrad, weightGrad });
  }
}

function model(g: GraphBuilder): ModelDef {
  return { graph: g.graph('test'), producerVersion: 'test', metadata: {} };
}

function feed(name: string): { data: Float32Array; dims: number[] } {
  return { data: fx.f32(name), dims: fx.shape(name) };
}

describe('convolution gradients match PyTorch float64', () => {
  for (const c of cases.filter((k) => k.kind === 'conv' || k.kind === 'convT')) {
    for (const impl of IMPLS) {
      const label = `${c.name} [${impl.convTranspose}/${impl.stride1InputGrad}/${impl.weightGrad}]`;
      it(label, async () => {
        const g = new GraphBuilder();
        const xs = fx.shape(`${c.name}.x`);
        const rs = fx.shape(`${c.name}.r`);
        const x = t(g.input('x', xs), xs);
        const w = g.input('w', fx.shape(`${c.name}.w`));
        const b = g.input('b', fx.shape(`${c.name}.b`));
        const r = t(g.input('r', rs), rs);
        const stride = c.stride as number;
        const transposed = c.kind === 'convT';
        const y = transposed ? convTranspose(g, x, w, b, c.cout as number, stride, rs.slice(2), impl) : conv(g, x, w, b, c.cout as number, stride);
        const dx = transposed ? convTInputGrad(g, r, w, xs, stride) : convInputGrad(g, r, w, xs, stride, impl);
        g.output('y', y.name, rs);
        g.output('dx', dx.name, xs);
        g.output('dw', weightGrad(g, x, r, stride, transposed, impl), fx.shape(`${c.name}.w`));
        g.output('db', biasGrad(g, r), fx.shape(`${c.name}.b`));
        const out = await runModel(model(g), { x: feed(`${c.name}.x`), w: feed(`${c.name}.w`), b: feed(`${c.name}.b`), r: feed(`${c.name}.r`) });
        for (const k of ['y', 'dx', 'dw', 'db']) {
          expect(relError(out[k] as Float32Array, fx.f64(`${c.name}.${k}`)), `${label} ${k}`).toBeLessThan(TOL);
        }
      });
    }
  }
});

describe('instance norm + PReLU gradients match PyTorch float64', () => {
  for (const c of cases.filter((k) => k.affine !== undefined)) {
    it(c.name, async () => {
      const g = new GraphBuilder();
      const xs = fx.shape(`${c.name}.x`);
      const x = t(g.input('x', xs), xs);
      const slope = g.input('slope', fx.shape(`${c.name}.slope`));
      const p = {
        slope,
        perChannel: c.perChannel as boolean,
        eps: 1e-5,
        ...(c.affine ? { scale: g.input('scale', [c.channels as number]), bias: g.input('bias', [c.channels as number]) } : {}),
      };
      const r = t(g.input('r', xs), xs);
      const { y, saved } = normActTrain(g, x, p);
      const fused = normActInference(g, x, p);
      const grads = normActBackward(g, r, saved, p);
      g.output('y', y.name, xs);
      g.output('y_fused', fused.name, xs);
      g.output('dx', grads.dx.name, xs);
      g.output('dslope', grads.dSlope, fx.shape(`${c.name}.slope`));
      if (grads.dScale && grads.dBias) {
        g.output('dscale', grads.dScale, [c.channels as number]);
        g.output('dbias', grads.dBias, [c.channels as number]);
      }
      const feeds: Record<string, { data: Float32Array; dims: number[] }> = { x: feed(`${c.name}.x`), slope: feed(`${c.name}.slope`), r: feed(`${c.name}.r`) };
      if (c.affine) Object.assign(feeds, { scale: feed(`${c.name}.scale`), bias: feed(`${c.name}.bias`) });
      const out = await runModel(model(g), feeds);
      expect(relError(out.y_fused as Float32Array, fx.f64(`${c.name}.y`)), 'fused forward').toBeLessThan(TOL);
      for (const k of ['y', 'dx', 'dslope', ...(c.affine ? ['dscale', 'dbias'] : [])]) {
        expect(relError(out[k] as Float32Array, fx.f64(`${c.name}.${k}`)), `${c.name} ${k}`).toBeLessThan(TOL);
      }
    });
  }
});

describe('sigmoid + soft Dice (two heads, like the DO student) matches PyTorch float64', () => {
  for (const c of cases.filter((k) => k.bceWeight !== undefined)) {
    it(c.name, async () => {
      const g = new GraphBuilder();
      const zs = [0, 1].map((i) => t(g.input(`z${i}`, fx.shape(`${c.name}.z${i}`)), fx.shape(`${c.name}.z${i}`)));
      const ys = [0, 1].map((i) => g.input(`y${i}`, fx.shape(`${c.name}.y${i}`)));
      const r = diceLoss(g, zs, ys, { bceWeight: c.bceWeight as number });
      g.output('loss', r.loss, [1]);
      r.dLogits.forEach((d, i) => g.output(`dz${i}`, d.name, d.shape));
      const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
      for (const i of [0, 1]) {
        feeds[`z${i}`] = feed(`${c.name}.z${i}`);
        feeds[`y${i}`] = feed(`${c.name}.y${i}`);
      }
      const out = await runModel(model(g), feeds);
      expect(relError(out.loss as Float32Array, fx.f64(`${c.name}.loss`))).toBeLessThan(1e-5);
      for (const i of [0, 1]) expect(relError(out[`dz${i}`] as Float32Array, fx.f64(`${c.name}.dz${i}`)), `dz${i}`).toBeLessThan(TOL);
    });
  }
});
