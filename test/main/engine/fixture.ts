import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeModel, type ModelDef } from '../../../src/main/engine/onnx/model';

/** Reads the float64 fixtures written by scripts/fixtures/lungts_fixture.py. */
export interface Fixture {
  readonly meta: Record<string, unknown>;
  has(name: string): boolean;
  shape(name: string): number[];
  f64(name: string): Float64Array;
  f32(name: string): Float32Array;
}

export const FIXTURES = join(__dirname, '../../fixtures/engine');

export function readFixture(file: string): Fixture {
  const buf = readFileSync(join(FIXTURES, file));
  if (buf.subarray(0, 8).toString('latin1') !== 'LTSFIX01') throw new Error(`${file}: not a fixture`);
  const hlen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.subarray(12, 12 + hlen).toString('utf8')) as {
    meta: Record<string, unknown>;
    tensors: { name: string; shape: number[]; offset: number }[];
  };
  const base = 12 + hlen + ((8 - ((12 + hlen) % 8)) % 8);
  const index = new Map(header.tensors.map((t) => [t.name, t]));
  const get = (name: string): { shape: number[]; data: Float64Array } => {
    const t = index.get(name);
    if (!t) throw new Error(`${file}: no tensor ${name}`);
    const n = t.shape.reduce((a, b) => a * b, 1);
    const bytes = buf.subarray(base + t.offset, base + t.offset + n * 8);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = bytes.readDoubleLE(i * 8);
    return { shape: t.shape, data };
  };
  return {
    meta: header.meta,
    has: (name) => index.has(name),
    shape: (name) => get(name).shape,
    f64: (name) => get(name).data,
    f32: (name) => Float32Array.from(get(name).data),
  };
}

/** Worst error relative to the reference's largest magnitude (floored so an all-zero reference compares absolutely). */
export function relError(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (ours.length !== ref.length) throw new Error(`length ${ours.length} vs reference ${ref.length}`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((ours[i] as number) - (ref[i] as number)));
    maxRef = Math.max(maxRef, Math.abs(ref[i] as number));
  }
  return maxDiff / Math.max(maxRef, 1e-8);
}

/** Runs a model on CPU with float32 feeds; returns every output as Float32Array. */
export async function runModel(model: ModelDef, feeds: Record<string, { data: Float32Array; dims: readonly number[] }>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(encodeModel(model), { intraOpNumThreads: 1 });
  try {
    const input: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) input[k] = new ort.Tensor('float32', v.data, v.dims);
    const out = await session.run(input);
    const res: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(out)) res[k] = v.data as Float32Array;
    return res;
  } finally {
    await session.release();
  }
}
