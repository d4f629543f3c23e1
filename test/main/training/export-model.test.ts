import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile, makeModelCard } from '../../../src/main/engine';
import { rewriteModelCard, writeModelPair } from '../../../src/main/training/export-model';
import { initParams } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';
import { TINY } from '../engine/synthetic';

const dir = tempDir('lungts-export-');

describe('rewriteModelCard', () => {
  const params = initParams(TINY, 3);
  const card = makeModelCard(TINY, params, { source: 'trained', data: 'synthetic spheres', syntheticOnly: true }, { metrics: { val_dice: 0.5 } });

  it('rewrites the card in the .onnx and the .card.json beside it, weights untouched', () => {
    const path = join(dir, 'm.onnx');
    unwrap(writeModelPair(path, card, params));
    const out = unwrap(rewriteModelCard(path, (c) => ({ ...c, metrics: { ...c.metrics, test_dice: 0.7 } })));
    expect(out.metrics).toEqual({ val_dice: 0.5, test_dice: 0.7 });
    const back = unwrap(loadModelFile(path));
    expect(back.card.metrics).toEqual({ val_dice: 0.5, test_dice: 0.7 });
    expect(back.params).toEqual(params);
    expect(JSON.parse(readFileSync(join(dir, 'm.card.json'), 'utf8')).metrics).toEqual({ val_dice: 0.5, test_dice: 0.7 });
  });

  it('refuses an edit that is no longer a model card, and leaves the files as they were', () => {
    const path = join(dir, 'n.onnx');
    unwrap(writeModelPair(path, card, params));
    const before = readFileSync(path);
    const r = rewriteModelCard(path, (c) => ({ ...c, format: 'something else' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not a LungTS model card/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
