import { describe, expect, it } from 'vitest';
import { resampleOnto, resampleToSpacing } from '../../../src/main/preprocess/resample';
import { normalizeCt, ctStats } from '../../../src/main/preprocess/normalize';
import { kernelPool } from '../../../src/main/parallel/pool';
import { geometryOf } from '../../../src/shared/volume/volume';
import { indexToWorld, sameGeometry, voxelCount } from '../../../src/shared/volume/geometry';
import { createVolume } from '../../../src/shared/volume/volume';
import { unwrap } from '../../../src/shared/result';
import { ORIENTATIONS, grid, maskWhere, ramp, rampVolume } from './fixtures';

describe('resampleToSpacing and its inverse', () => {
  for (const name of Object.keys(ORIENTATIONS)) {
    it(`${name}: 1 x 1 x 1.5 mm samples the world field at its own centres, and back lands on the exact source grid`, async () => {
      const g = grid(name);
      const src = rampVolume(g);
      const r = await resampleToSpacing(src, [1, 1, 1.5], 'linear', { fill: NaN });
      expect(r.spacing).toEqual([1, 1, 1.5]);
      // Interior voxels of the new grid hold the field at their own world centres.
      let worst = 0;
      for (let k = 2; k < r.dims[2] - 2; k++) for (let j = 3; j < r.dims[1] - 3; j++) for (let i = 3; i < r.dims[0] - 3; i++) {
        const q = i + r.dims[0] * (j + r.dims[1] * k);
        worst = Math.max(worst, Math.abs(r.data[q]! - ramp(indexToWorld(r, [i, j, k]))));
      }
      expect(worst).toBeLessThan(2e-3);
      const back = await resampleOnto(r, geometryOf(src), 'linear', { fill: NaN });
      expect(sameGeometry(back, src, 0)).toBe(true);
      expect(back.data.every((v) => !Number.isNaN(v))).toBe(true);
      let inner = 0;
      for (let k = 1; k < g.dims[2] - 1; k++) for (let j = 2; j < g.dims[1] - 2; j++) for (let i = 2; i < g.dims[0] - 2; i++) {
        const q = i + g.dims[0] * (j + g.dims[1] * k);
        inner = Math.max(inner, Math.abs(back.data[q]! - src.data[q]!));
      }
      expect(inner).toBeLessThan(2e-3);
    });
  }

  it('a mask survives the round trip: label mode keeps two spheres (agreement > 97% of the union) and both labels', async () => {
    const g = grid('RAS');
    const m = maskWhere(g, (w) => (Math.hypot(w[0] - 4, w[1], w[2]) < 9 ? 1 : Math.hypot(w[0] + 9, w[1], w[2] + 6) < 5 ? 2 : 0));
    const r = await resampleToSpacing(m, [1, 1, 1.5], 'label');
    const back = await resampleOnto(r, g, 'label');
    let same = 0;
    let fg = 0;
    for (let q = 0; q < m.data.length; q++) {
      if (m.data[q] || back.data[q]) fg++;
      if (m.data[q] && back.data[q] === m.data[q]) same++;
    }
    expect(same / fg).toBeGreaterThan(0.97); // agreement over the union (measured 0.980)
    expect(new Set(back.data)).toEqual(new Set([0, 1, 2]));
  });

  it('workers and the calling thread give identical voxels', async () => {
    const g = unwrap(createVolume({ dims: [120, 110, 60], spacing: [1.4, 1.4, 3], origin: [3, 2, 1] }, new Int16Array(120 * 110 * 60)));
    const src = { ...g, data: g.data.map((_, q) => ((q * 7919) % 2000) - 1000) };
    const a = await resampleToSpacing(src, [1, 1, 1.5], 'linear', { threads: 'main' });
    const before = { ...kernelPool().counts };
    const b = await resampleToSpacing(src, [1, 1, 1.5], 'linear');
    // The slabs really ran on worker threads (a failed worker would fall back silently).
    expect(kernelPool().counts.done - before.done).toBe(kernelPool().size < 2 ? 0 : kernelPool().size);
    expect(kernelPool().counts.failed).toBe(before.failed);
    expect(voxelCount(a)).toBeGreaterThan(2_000_000);
    expect(b.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength))).toBe(true);
  });
});

describe('normalizeCt', () => {
  it('clips to [-1024, 1000] and z-scores with the clipped scan statistics', () => {
    const v = unwrap(createVolume({ dims: [4, 1, 1], spacing: [1, 1, 1] }, new Int16Array([-3024, -1024, 1000, 3000])));
    const { volume, stats } = normalizeCt(v);
    expect(stats.mean).toBeCloseTo(-12, 6);
    expect(stats.std).toBeCloseTo(1012, 6);
    expect(Array.from(volume.data).map((x) => Math.round(x * 1000) / 1000)).toEqual([-1, -1, 1, 1]);
    expect(ctStats(v).mean).toBe(stats.mean);
  });
});
