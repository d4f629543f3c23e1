import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createPredictor } from '../../../src/main/engine';
import { importMonaiWeights } from '../../../src/main/engine/pth/import';
import { loadTorchStateDict } from '../../../src/main/engine/pth/torch-load';
import { openZip } from '../../../src/main/engine/pth/zip';
import { PRESETS, type Shape3, type UNetSpec } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';
import { FIXTURES, readFixture, relError } from './fixture';

// Checkpoints written by torch.save with MONAI's module names (scripts/fixtures/monai_import.py);
// PyTorch's own float32 outputs on a fixed input are the reference.
const expected = readFixture('import-expected.bin');
const dir = tempDir('lungts-import-');

const DOUBLE: UNetSpec = {
  format: 'lungts-unet',
  specVersion: 1,
  name: 'fixture-double',
  inChannels: 1,
  channels: [4, 8, 16],
  strides: [2, 2],
  kernelSize: 3,
  norm: { kind: 'instance', affine: false, eps: 1e-5 },
  act: { kind: 'prelu', perChannel: false, init: 0.25 },
  heads: [{ name: 'mask', outChannels: 1 }, { name: 'box', outChannels: 1 }],
};
const ADN: UNetSpec = { ...DOUBLE, name: 'fixture-adn', inChannels: 2, norm: { ...DOUBLE.norm, affine: true }, act: { ...DOUBLE.act, perChannel: true }, heads: [{ name: 'mask', outChannels: 1 }] };

async function predict(spec: UNetSpec, params: Float32Array, input: string): Promise<Record<string, Float32Array>> {
  const shape = expected.shape(input).slice(2) as unknown as Shape3;
  const p = unwrap(createPredictor({ spec, params }, { threads: 2 }));
  return unwrap(await p.predict(expected.f32(input), shape)).probs;
}

describe('PyTorch .pth import (MONAI UNet layout)', () => {
  it('the paper\'s UNet_double layout (MONAI 0.4 names) reproduces PyTorch on both decoders within 1e-4', async () => {
    const r = unwrap(importMonaiWeights(join(FIXTURES, 'monai-double.pth'), DOUBLE));
    expect(r.report).toMatchObject({ layout: 'UNet_double', naming: 'monai-0.4', ignored: [], wrapper: null });
    expect(r.card.provenance.source).toBe('imported');
    expect(r.card.provenance.importedFrom?.file).toBe('monai-double.pth');
    const probs = await predict(DOUBLE, r.params, 'double.input');
    expect(relError(probs.mask as Float32Array, expected.f64('double.mask'))).toBeLessThan(1e-4);
    expect(relError(probs.box as Float32Array, expected.f64('double.box'))).toBeLessThan(1e-4);
  });

  it('monai.networks.nets.UNet with adn names, affine norm and per-channel PReLU, saved inside {"state_dict": ...}', async () => {
    const r = unwrap(importMonaiWeights(join(FIXTURES, 'monai-unet-adn.pth'), ADN));
    expect(r.report).toMatchObject({ layout: 'UNet', naming: 'monai-adn', wrapper: 'state_dict' });
    const probs = await predict(ADN, r.params, 'unet.input');
    expect(relError(probs.mask as Float32Array, expected.f64('unet.mask'))).toBeLessThan(1e-4);
  });

  it('a DO checkpoint imports into a one-head network by keeping the first decoder', async () => {
    const so = { ...DOUBLE, name: 'fixture-so', heads: [{ name: 'mask', outChannels: 1 }] };
    const r = unwrap(importMonaiWeights(join(FIXTURES, 'monai-double.pth'), so));
    expect(r.report.ignored.every((k) => k.startsWith('model2.'))).toBe(true);
    expect(r.report.ignored.length).toBe(5); // the box decoder: w, b, slope of level 1 and w, b of level 0
    const probs = await predict(so, r.params, 'double.input');
    expect(relError(probs.mask as Float32Array, expected.f64('double.mask'))).toBeLessThan(1e-4);
  });

  it('refuses the wrong network, legacy files and non-checkpoints with messages a user can act on', () => {
    expect(importMonaiWeights(join(FIXTURES, 'monai-double.pth'), PRESETS['student-paper'])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/model1\.0\.conv\.weight has shape 4x1x3x3x3 but "student-paper" needs 64x1x3x3x3/),
    });
    expect(importMonaiWeights(join(FIXTURES, 'monai-unet-adn.pth'), { ...ADN, norm: { ...ADN.norm, affine: false } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/affine instance norm/),
    });
    expect(importMonaiWeights(join(FIXTURES, 'monai-double.pth'), ADN)).toMatchObject({ ok: false, error: expect.stringMatching(/no model\.|different network|expects affine/) });
    const legacy = join(dir, 'legacy.pth');
    writeFileSync(legacy, Buffer.from([0x80, 0x02, 0x8a, 0x0a]));
    expect(importMonaiWeights(legacy, DOUBLE)).toMatchObject({ ok: false, error: expect.stringMatching(/legacy PyTorch format/) });
    const text = join(dir, 'notes.pth');
    writeFileSync(text, 'hello');
    expect(importMonaiWeights(text, DOUBLE)).toMatchObject({ ok: false, error: expect.stringMatching(/not a PyTorch checkpoint/) });
    const cut = join(dir, 'cut.pth');
    writeFileSync(cut, readFileSync(join(FIXTURES, 'monai-double.pth')).subarray(0, 20000));
    expect(importMonaiWeights(cut, DOUBLE)).toMatchObject({ ok: false });
    expect(importMonaiWeights(join(dir, 'absent.pth'), DOUBLE)).toMatchObject({ ok: false, error: expect.stringMatching(/no such file/) });
  });

  it('reads deflated archives too (a checkpoint re-zipped by another tool)', () => {
    const src = readFileSync(join(FIXTURES, 'monai-double.pth'));
    const zip = unwrap(openZip(src, 'src'));
    const rezipped = rezip([...zip.entries.keys()].map((n) => [n, unwrap(zip.read(n))]));
    const a = unwrap(loadTorchStateDict(src, 'stored'));
    const b = unwrap(loadTorchStateDict(rezipped, 'deflated'));
    expect([...b.tensors.keys()]).toEqual([...a.tensors.keys()]);
    for (const [k, t] of a.tensors) expect(b.tensors.get(k)?.data).toEqual(t.data);
  });
});

/** A minimal deflating zip writer (test only), to feed the reader the other compression method. */
function rezip(files: [string, Uint8Array][]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const comp = deflateRawSync(data);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(comp.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, nameBuf, comp);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}
