import { describe, expect, it } from 'vitest';
import { extractView } from '../../../src/main/render/views';
import { renderSnapshot } from '../../../src/main/render/snapshot';
import { unwrap } from '../../../src/shared/result';
import { reorient } from '../../../src/shared/volume/orientation';
import { createVolume, type Volume } from '../../../src/shared/volume/volume';

/**
 * A 10x8x6 LPS volume with one bright voxel at (i, j, k) = (2, 1, 4): toward the patient's
 * right (low i), anterior (low j) and superior (high k).
 */
function marker(): Volume<Int16Array> {
  const data = new Int16Array(10 * 8 * 6);
  data[2 + 10 * (1 + 8 * 4)] = 1000;
  return unwrap(createVolume({ dims: [10, 8, 6], spacing: [1, 1, 1] }, data));
}

function brightest(v: { width: number; values: Float32Array }): [number, number] {
  const p = v.values.indexOf(Math.max(...v.values));
  return [p % v.width, Math.floor(p / v.width)];
}

describe('radiological views of an LPS volume', () => {
  const v = marker();
  it('axial: patient right on the image left, anterior at the top', () => {
    expect(brightest(extractView(v, 'axial', 4))).toEqual([2, 1]);
  });
  it('coronal: patient right on the left, superior at the top', () => {
    expect(brightest(extractView(v, 'coronal', 1))).toEqual([2, 1]);
  });
  it('sagittal: anterior on the left, superior at the top', () => {
    expect(brightest(extractView(v, 'sagittal', 2))).toEqual([1, 1]);
  });
  it('resamples thick slices to square pixels', () => {
    const thick = unwrap(createVolume({ dims: [10, 8, 6], spacing: [0.5, 0.5, 2] }, v.data));
    const c = extractView(thick, 'coronal', 1);
    expect([c.width, c.height]).toEqual([10, 24]);
  });
  it('shows a volume stored in another orientation the same way', () => {
    const ras = reorient(v, 'RAI');
    const a = unwrap(renderSnapshot(v, undefined, { view: 'all', window: 'bone' }));
    const b = unwrap(renderSnapshot(ras, undefined, { view: 'all', window: 'bone' }));
    expect(Buffer.from(b.png).equals(Buffer.from(a.png))).toBe(true);
  });
});
