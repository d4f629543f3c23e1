import { describe, expect, it } from 'vitest';
import {
  architectureKey,
  checkInputShape,
  describeMismatch,
  forwardConvFlops,
  initParams,
  layerShapes,
  paddedShape,
  paramLayout,
  parseModelCard,
  parseSpec,
  PRESET_NAMES,
  PRESETS,
  trainStepConvFlops,
  validateSpec,
  type UNetSpec,
} from '../../../src/shared/network';

const TINY: UNetSpec = { ...PRESETS['student-small'], name: 'tiny', channels: [4, 8, 16], strides: [2, 2] };

describe('presets', () => {
  it('are valid and have exactly the parameter counts PyTorch reports for the same MONAI layout', () => {
    // sum(p.numel() for p in MonaiUNet(...).parameters()) from scripts/fixtures/lungts_fixture.py
    const torchCounts: Record<string, number> = {
      teacher: 7749511,
      'student-so': 31636937,
      'student-do': 44469517,
      'student-paper': 44469517,
      'teacher-small': 121975,
      'student-small': 495169,
    };
    for (const name of PRESET_NAMES) {
      expect(validateSpec(PRESETS[name]).ok, name).toBe(true);
      if (torchCounts[name] !== undefined) expect(paramLayout(PRESETS[name]).total, name).toBe(torchCounts[name]);
    }
    expect(PRESETS.teacher.strides).toHaveLength(3);
    expect(PRESETS.teacher.inChannels).toBe(2);
    expect(PRESETS['student-so'].strides).toHaveLength(4);
    expect(PRESETS['student-do'].heads.map((h) => h.name)).toEqual(['mask', 'box']);
  });

  it('the teacher maps 128^3 to a 16^3 bottom and back', () => {
    const shapes = layerShapes(PRESETS.teacher, [128, 128, 128]);
    expect(shapes.find((s) => s.layer.id === 'bottom')?.outShape).toEqual([16, 16, 16]);
    expect(shapes.at(-1)?.outShape).toEqual([128, 128, 128]);
    expect(shapes.at(-1)?.layer).toMatchObject({ id: 'dec.mask.0', inCh: 128, outCh: 1, normAct: false });
  });
});

describe('spec validation', () => {
  it('names the offending field', () => {
    expect(validateSpec({ ...TINY, strides: [2, 2, 2] })).toMatchObject({ ok: false, error: expect.stringMatching(/channels has 3 entries but strides has 3/) });
    expect(validateSpec({ ...TINY, strides: [2, 3] })).toMatchObject({ ok: false, error: expect.stringMatching(/strides must be 1 or 2/) });
    expect(validateSpec({ ...TINY, heads: [{ name: 'mask', outChannels: 1 }, { name: 'mask', outChannels: 1 }] })).toMatchObject({ ok: false, error: expect.stringMatching(/appears twice/) });
    expect(validateSpec({ ...TINY, heads: [{ name: 'Mask!', outChannels: 1 }] })).toMatchObject({ ok: false });
    expect(validateSpec({ ...TINY, specVersion: 2 as 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/newer LungTS/) });
    expect(parseSpec({ ...TINY, channels: 'many' })).toMatchObject({ ok: false, error: expect.stringMatching(/channels/) });
    expect(parseSpec(JSON.parse(JSON.stringify(TINY)))).toMatchObject({ ok: true });
  });

  it('input shapes must be multiples of the stride product; padding finds the next one', () => {
    expect(checkInputShape(PRESETS['student-so'], [160, 192, 96]).ok).toBe(true);
    expect(checkInputShape(PRESETS['student-so'], [160, 190, 96])).toMatchObject({ ok: false, error: expect.stringMatching(/multiple of 16/) });
    expect(paddedShape(PRESETS['student-so'], [150, 190, 3])).toEqual([160, 192, 16]);
    expect(paddedShape(PRESETS.teacher, [128, 121, 8])).toEqual([128, 128, 8]);
  });

  it('architecture comparison ignores the name and lists differing fields', () => {
    expect(architectureKey({ ...TINY, name: 'other' })).toBe(architectureKey(TINY));
    expect(describeMismatch(TINY, { ...TINY, inChannels: 2, norm: { ...TINY.norm, affine: true } })).toBe('inChannels 2 (expected 1); norm.affine true (expected false)');
    expect(describeMismatch(TINY, TINY)).toBe('');
  });
});

describe('FLOP counts and initialisation', () => {
  it('count every convolution once per pass (hand-computed for a 2-level net at 16^3)', () => {
    // enc0 1->4 @8^3, enc1 4->8 @4^3, bottom 8->16 @4^3, dec1 24->4 from 4^3, dec0 8->1 from 8^3; 2*vox*cin*cout*27 each
    const expected = 2 * 27 * (512 * 1 * 4 + 64 * 4 * 8 + 64 * 8 * 16 + 64 * 24 * 4 + 512 * 8 * 1);
    expect(forwardConvFlops(TINY, [16, 16, 16])).toBe(expected);
    // The first layer's input gradient is never computed (its input is the image).
    expect(trainStepConvFlops(TINY, [16, 16, 16])).toBe(3 * expected - 2 * 27 * 512 * 4);
  });

  it('initialises like torch (uniform within 1/sqrt(fan_in)), deterministically per seed', () => {
    const layout = paramLayout(TINY);
    const a = initParams(TINY, 7, layout);
    expect(initParams(TINY, 7, layout)).toEqual(a);
    expect(initParams(TINY, 8, layout)).not.toEqual(a);
    const w = layout.entries.find((e) => e.name === 'enc1.w');
    const bound = 1 / Math.sqrt(4 * 27);
    const view = a.subarray(w?.offset, (w?.offset ?? 0) + (w?.size ?? 0));
    expect(Math.max(...view.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...view.map(Math.abs))).toBeGreaterThan(bound * 0.9);
    const slope = layout.entries.find((e) => e.name === 'enc0.slope');
    expect(a[slope?.offset ?? -1]).toBeCloseTo(0.25, 7);
  });
});

describe('model card parsing', () => {
  const card = {
    format: 'lungts-model-card',
    cardVersion: 1,
    spec: TINY,
    createdAt: '2026-01-01T00:00:00Z',
    appVersion: '0.1.0',
    paramsSha256: 'x',
    paramCount: 1,
    provenance: { source: 'trained' },
  };
  it('fills defaults and refuses newer cards and specs before anything else', () => {
    const c = parseModelCard(card);
    expect(c).toMatchObject({ ok: true, value: { metrics: {}, provenance: { syntheticOnly: false, notes: [] } } });
    expect(parseModelCard({ ...card, cardVersion: 3, unknownField: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/card version 3 is newer/) });
    expect(parseModelCard({ ...card, spec: { ...TINY, specVersion: 4 } })).toMatchObject({ ok: false, error: expect.stringMatching(/spec version 4 is newer/) });
    expect(parseModelCard({ ...card, provenance: { source: 'stolen' } })).toMatchObject({ ok: false, error: expect.stringMatching(/provenance\.source/) });
    expect(parseModelCard({ format: 'something' })).toMatchObject({ ok: false, error: 'not a LungTS model card' });
  });

  it('reads an optional post-processing choice, fills its defaults and refuses values out of range', () => {
    const plain = parseModelCard(card);
    expect(plain.ok && plain.value.postprocess).toBeUndefined();
    expect(parseModelCard({ ...card, postprocess: { minVolumeMl: 0.2 } })).toMatchObject({
      ok: true, value: { postprocess: { threshold: 0.5, minVolumeMl: 0.2, minPeak: 0, basis: '' } },
    });
    expect(parseModelCard({ ...card, postprocess: { minPeak: 1.5 } })).toMatchObject({ ok: false, error: expect.stringMatching(/postprocess\.minPeak/) });
    expect(parseModelCard({ ...card, postprocess: { minVolumeMl: -1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/postprocess\.minVolumeMl/) });
  });
});
