import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/main/engine';
import { importMonaiWeights } from '../../../src/main/engine/pth/import';
import { parseSpec } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { cliRunner, REPO } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { TINY_DO } from '../engine/synthetic';

const PTH = join(REPO, 'test', 'fixtures', 'engine', 'monai-double.pth');
const dir = tempDir();

// The fixture's network (smaller than any preset) as a spec file: the tiny two-head U-Net.
const SPEC = { ...TINY_DO, name: 'fixture-double' };
const lungts = cliRunner(dir);

beforeAll(() => {
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(SPEC));
});

describe('lungts import-weights', () => {
  it('converts a MONAI UNet_double .pth into a LungTS model that loads with the same weights', () => {
    const r = lungts('import-weights', PTH, '--spec', 'spec.json', '-o', 'model.onnx', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { output: string; paramCount: number; layout: string; naming: string; tensorsMapped: number; paramsSha256: string };
    expect(out).toMatchObject({ layout: 'UNet_double', naming: 'monai-0.4', tensorsMapped: 19 });
    expect(out.output).toBe(join(dir, 'model.onnx'));
    const spec = unwrap(parseSpec(SPEC));
    const loaded = unwrap(loadModelFile(out.output, spec));
    expect(loaded.card.paramsSha256).toBe(out.paramsSha256);
    expect(loaded.card.provenance.importedFrom?.file).toBe('monai-double.pth');
    expect(loaded.params).toEqual(unwrap(importMonaiWeights(PTH, spec)).params);
    const human = lungts('import-weights', PTH, '--spec', 'spec.json', '-o', 'model2.onnx');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/imported 19 tensors \(UNet_double, monai-0\.4 names\)/);
  });

  it('exits 1 with a clear message when the checkpoint is another network, 2 on usage errors', () => {
    const wrong = lungts('import-weights', PTH, '--preset', 'student-paper', '-o', 'x.onnx', '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/needs 64x1x3x3x3 for enc0\.w: the checkpoint is a different network/);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false });
    expect(existsSync(join(dir, 'x.onnx'))).toBe(false);
    expect(lungts('import-weights', PTH, '--preset', 'nonsense', '-o', 'x.onnx').code).toBe(2);
    expect(lungts('import-weights', PTH, '--preset', 'teacher').stderr).toMatch(/--output/);
    expect(lungts('import-weights', join(dir, 'missing.pth'), '--preset', 'teacher', '-o', 'x.onnx').stderr).toMatch(/no such file/);
  });
});
