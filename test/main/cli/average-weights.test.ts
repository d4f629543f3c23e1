import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel, loadModelFile, makeModelCard, writeCheckpoint } from '../../../src/main/engine';
import { initParams, type UNetSpec } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { TINY, TINY_DO } from '../engine/synthetic';

const dir = tempDir();
const lungts = cliRunner(dir);
const weights = (spec: UNetSpec, seed: number) => {
  const params = initParams(spec, seed);
  return { card: makeModelCard(spec, params, { source: 'trained', data: 'synthetic spheres', syntheticOnly: true }), params };
};
const a = weights(TINY, 1);
const b = weights(TINY, 2);

beforeAll(() => {
  unwrap(writeCheckpoint(join(dir, 'epoch-001.ckpt'), a));
  unwrap(exportModel(join(dir, 'epoch-002.onnx'), b.card, b.params));
  const other = weights(TINY_DO, 3);
  unwrap(exportModel(join(dir, 'other.onnx'), other.card, other.params));
});

describe('lungts average-weights', () => {
  it('writes the mean of a checkpoint and a model as a model that loads and names its inputs', () => {
    const r = lungts('average-weights', 'epoch-001.ckpt', 'epoch-002.onnx', '-o', 'mean.onnx', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, models: 2, network: TINY.name, inputs: ['epoch-001.ckpt', 'epoch-002.onnx'] });
    const m = unwrap(loadModelFile(join(dir, 'mean.onnx'), TINY));
    expect(Array.from(m.params)).toEqual(Array.from(a.params, (v, i) => Math.fround((v + b.params[i]!) / 2)));
    expect(m.card.provenance.notes.at(-1)).toBe('weights averaged over 2 models: epoch-001.ckpt, epoch-002.onnx');
    expect(JSON.parse(readFileSync(join(dir, 'mean.card.json'), 'utf8'))).toEqual(m.card);
    const ck = lungts('average-weights', 'epoch-001.ckpt', 'epoch-002.onnx', '-o', 'mean.ckpt');
    expect(ck.code, ck.stderr).toBe(0);
    expect(ck.stdout).toMatch(/averaged the weights of 2 "tiny" models/);
    expect(unwrap(loadModelFile(join(dir, 'mean.ckpt'))).params).toEqual(m.params);
  });

  it('exits 1 naming the problem for another network or a missing file, 2 for a bad output name', () => {
    const mixed = lungts('average-weights', 'epoch-001.ckpt', 'other.onnx', '-o', 'x.onnx');
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/other\.onnx is a different network/);
    expect(existsSync(join(dir, 'x.onnx'))).toBe(false);
    expect(lungts('average-weights', 'missing.ckpt', '-o', 'x.onnx').stderr).toMatch(/no such file/);
    expect(lungts('average-weights', 'epoch-001.ckpt', '-o', 'x.pt').code).toBe(2);
  });
});
