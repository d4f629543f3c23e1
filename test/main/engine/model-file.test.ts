import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  createPredictor,
  createTrainer,
  encodeCheckpoint,
  exportModel,
  loadModelFile,
  makeModelCard,
  readCheckpoint,
  writeCheckpoint,
} from '../../../src/main/engine';
import { encodeModelFile } from '../../../src/main/engine/model-file';
import { initParams, PRESETS } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';
import { cases, TINY, TINY_DO } from './synthetic';

const dir = tempDir('lungts-engine-');

describe('model files and checkpoints', () => {
  const params = initParams(TINY_DO, 42);
  const card = makeModelCard(TINY_DO, params, { source: 'trained', data: 'synthetic spheres', syntheticOnly: true, trainingSteps: 10 }, { metrics: { val_dice: 0.5 } });

  it('exported .onnx loads back bit-exact and runs in a plain onnxruntime session at any size', async () => {
    const path = join(dir, 'tiny.onnx');
    unwrap(exportModel(path, card, params));
    const loaded = unwrap(loadModelFile(path, TINY_DO));
    expect(loaded.kind).toBe('onnx');
    expect(loaded.params).toEqual(params);
    expect(loaded.card.metrics).toEqual({ val_dice: 0.5 });
    expect(loaded.card.provenance.notes.join(' ')).toMatch(/synthetic phantoms only/);
    // Portable: symbolic sizes, so a non-cubic crop runs straight through ORT, and it agrees
    // with our predictor (which builds its own shape-specialised graph).
    const [c] = cases(24, 1, 3);
    const image = (c as { image: Float32Array }).image.subarray(0, 16 * 20 * 24);
    const session = await ort.InferenceSession.create(path);
    const out = await session.run({ image: new ort.Tensor('float32', image, [1, 1, 16, 20, 24]) });
    await session.release();
    expect(Object.keys(out).sort()).toEqual(['prob_box', 'prob_mask']);
    const ours = unwrap(await unwrap(createPredictor(loaded)).predict(image, [16, 20, 24]));
    const a = out.prob_mask?.data as Float32Array;
    const b = ours.probs.mask as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('refuses another network, altered weights, newer versions and foreign ONNX with clear messages', () => {
    const path = join(dir, 'tiny2.onnx');
    unwrap(exportModel(path, card, params));
    expect(loadModelFile(path, TINY)).toMatchObject({ ok: false, error: expect.stringMatching(/differs from the expected "tiny": heads \["mask:1","box:1"\]/) });
    expect(loadModelFile(path, PRESETS.teacher)).toMatchObject({ ok: false, error: expect.stringMatching(/inChannels 1 \(expected 2\)/) });
    expect(loadModelFile(join(dir, 'absent.onnx'))).toMatchObject({ ok: false, error: expect.stringMatching(/no such file/) });

    const altered = params.slice();
    altered[5] = (altered[5] as number) + 1;
    writeFileSync(join(dir, 'altered.onnx'), encodeModelFile(card, altered));
    expect(loadModelFile(join(dir, 'altered.onnx'))).toMatchObject({ ok: false, error: expect.stringMatching(/checksum/) });

    const newer = { ...card, cardVersion: 99 };
    writeFileSync(join(dir, 'newer.onnx'), encodeModelFile(newer, params));
    expect(loadModelFile(join(dir, 'newer.onnx'))).toMatchObject({ ok: false, error: expect.stringMatching(/newer than this program reads/) });
    const newerSpec = { ...card, spec: { ...card.spec, specVersion: 2 } };
    writeFileSync(join(dir, 'newer-spec.onnx'), encodeModelFile(newerSpec, params));
    expect(loadModelFile(join(dir, 'newer-spec.onnx'))).toMatchObject({ ok: false, error: expect.stringMatching(/spec version 2 is newer/) });

    writeFileSync(join(dir, 'garbage.onnx'), Buffer.from('not a model at all'));
    expect(loadModelFile(join(dir, 'garbage.onnx'))).toMatchObject({ ok: false });
  });

  it('checkpoints round-trip weights, Adam state and card, and refuse damaged or newer files', async () => {
    const t = unwrap(await createTrainer(TINY, { patchShape: [16, 16, 16], seed: 4 }));
    const [c] = cases(16, 1, 8);
    unwrap(await t.step((c as { image: Float32Array }).image, (c as { mask: Float32Array }).mask));
    const ck = t.checkpoint({ source: 'trained', trainingSteps: 1 }, { val_loss: 0.7 });
    t.dispose();
    const path = join(dir, 'run.ltsckpt');
    unwrap(writeCheckpoint(path, ck));
    const back = unwrap(readCheckpoint(path, TINY));
    expect(back.params).toEqual(ck.params);
    expect(back.adam?.m).toEqual(ck.adam?.m);
    expect(back.adam?.v).toEqual(ck.adam?.v);
    expect(back.adam?.step).toBe(1);
    expect(back.card.provenance.patchShape).toEqual([16, 16, 16]);
    // Model loading accepts a checkpoint too.
    expect(unwrap(loadModelFile(path)).kind).toBe('checkpoint');

    const bytes = readFileSync(path);
    writeFileSync(join(dir, 'cut.ltsckpt'), bytes.subarray(0, bytes.length - 100));
    expect(readCheckpoint(join(dir, 'cut.ltsckpt'))).toMatchObject({ ok: false, error: expect.stringMatching(/truncated/) });
    const newer = Buffer.from(encodeCheckpoint(ck));
    newer.writeUInt32LE(7, 8);
    writeFileSync(join(dir, 'newer.ltsckpt'), newer);
    expect(readCheckpoint(join(dir, 'newer.ltsckpt'))).toMatchObject({ ok: false, error: expect.stringMatching(/format 7 is newer/) });
    expect(readCheckpoint(path, TINY_DO)).toMatchObject({ ok: false, error: expect.stringMatching(/differs from the expected/) });
  });
});
