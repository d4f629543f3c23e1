import { beforeAll, describe, expect, it } from 'vitest';
import { generatePhantom, type PhantomCase } from '../../../src/main/phantom/generate';
import { Tissue, TISSUE_NAMES } from '../../../src/main/phantom/tissues';
import { unwrap } from '../../../src/shared/result';

/**
 * One small phantom (160x160, 5 mm slices) checked against what the issue asks of it: HU per
 * tissue in textbook ranges, tumours inside the lungs and not separable by intensity alone,
 * masks and boxes that agree exactly, and the same bytes for any number of threads.
 */
let c: PhantomCase;

beforeAll(async () => {
  c = unwrap(await generatePhantom({ seed: 11, size: 'small', tumors: 3 }));
});

/** HU of voxels whose whole 3x3x3 neighbourhood has tissue t (away from partial-volume edges). */
function interiorHu(t: number): Int16Array {
  const [nx, ny, nz] = c.ct.dims;
  const tis = c.tissue.data;
  const out: number[] = [];
  for (let k = 1; k < nz - 1; k++) {
    for (let j = 1; j < ny - 1; j++) {
      for (let i = 1; i < nx - 1; i++) {
        const p = i + nx * (j + ny * k);
        if (tis[p] !== t) continue;
        let all = true;
        for (let dk = -1; dk <= 1 && all; dk++) for (let dj = -1; dj <= 1 && all; dj++) for (let di = -1; di <= 1 && all; di++) {
          if (tis[p + di + nx * (dj + ny * dk)] !== t) all = false;
        }
        if (all) out.push(c.ct.data[p]!);
      }
    }
  }
  return Int16Array.from(out);
}

function stats(v: Int16Array) {
  const s = Float64Array.from(v).sort();
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length);
  return { n: s.length, mean, sd, p05: s[Math.floor(0.05 * (s.length - 1))]!, p95: s[Math.floor(0.95 * (s.length - 1))]! };
}

describe('phantom HU per tissue', () => {
  // Mean HU ranges from textbook unenhanced chest CT; spread comes from texture and scanner noise.
  const ranges: [keyof typeof Tissue, number, number][] = [
    ['air', -1010, -985],
    ['fat', -130, -75],
    ['muscle', 25, 65],
    ['lung', -920, -740],
    ['liver', 40, 75],
    ['heart', 25, 60],
    ['greatVessel', 25, 60],
    ['mediastinalFat', -125, -60],
  ];
  for (const [name, lo, hi] of ranges) {
    it(`${name}: interior mean HU in [${lo}, ${hi}]`, () => {
      const s = stats(interiorHu(Tissue[name]));
      expect(s.n, `${name} has interior voxels`).toBeGreaterThan(50);
      expect(s.mean).toBeGreaterThanOrEqual(lo);
      expect(s.mean).toBeLessThanOrEqual(hi);
      expect(s.sd, `${name} is not flat`).toBeGreaterThan(2);
    });
  }

  it('tumours: interior mean between -50 and 80 HU', () => {
    const s = stats(interiorHu(Tissue.tumor));
    expect(s.n).toBeGreaterThan(10);
    expect(s.mean).toBeGreaterThanOrEqual(-50);
    expect(s.mean).toBeLessThanOrEqual(80);
  });

  it('bone reaches cortical values and marrow stays below cortex', () => {
    const cortex = c.ct.data.filter((_, p) => c.tissue.data[p] === Tissue.boneCortex);
    const marrow = stats(interiorHu(Tissue.boneMarrow));
    expect(Math.max(...cortex)).toBeGreaterThan(600);
    expect(Math.max(...cortex)).toBeLessThanOrEqual(3071);
    expect(marrow.mean).toBeGreaterThan(120);
    expect(marrow.mean).toBeLessThan(450);
  });

  it('tumour intensity is shared by vessels, heart and chest wall (not separable by HU alone)', () => {
    const t = stats(interiorHu(Tissue.tumor));
    let inBand = 0;
    let soft = 0;
    for (let p = 0; p < c.ct.data.length; p++) {
      if (c.tumor.data[p]) continue;
      const tis = c.tissue.data[p]!;
      if (tis === Tissue.air || tis === Tissue.lung) continue;
      soft++;
      const v = c.ct.data[p]!;
      if (v >= t.p05 && v <= t.p95) inBand++;
    }
    // Far more non-tumour voxels than tumour voxels fall in the tumour's HU band.
    expect(inBand).toBeGreaterThan(20 * t.n);
    expect(inBand / soft).toBeGreaterThan(0.2);
  });

  it('names every tissue it paints', () => {
    expect(new Set(c.tissue.data).size).toBeGreaterThan(12);
    for (const t of new Set(c.tissue.data)) expect(TISSUE_NAMES[t]).toBeDefined();
  });
});

describe('phantom masks and boxes', () => {
  it('tumour labels are exactly 1..K and every tumour voxel is lung', () => {
    const labels = new Set<number>();
    for (let p = 0; p < c.tumor.data.length; p++) {
      const l = c.tumor.data[p]!;
      if (l === 0) continue;
      labels.add(l);
      expect(c.lungs.data[p]).toBeGreaterThan(0);
    }
    const visible = c.tumors.filter((t) => t.label > 0);
    expect([...labels].sort()).toEqual(visible.map((t) => t.label).sort());
    expect(visible.length).toBeGreaterThanOrEqual(1);
    for (const t of visible) {
      expect(t.diameterMm).toBeGreaterThanOrEqual(4);
      expect(t.diameterMm).toBeLessThanOrEqual(70);
    }
  });

  it('lung 1 is the patient right (toward -x in LPS), lung 2 the left', () => {
    const [nx, ny] = c.lungs.dims;
    const sum = [0, 0, 0];
    const n = [0, 0, 0];
    for (let p = 0; p < c.lungs.data.length; p++) {
      const l = c.lungs.data[p]!;
      if (!l) continue;
      sum[l]! += p % nx;
      n[l]!++;
    }
    expect(n[1]).toBeGreaterThan(1000);
    expect(n[2]).toBeGreaterThan(1000);
    const ci = [0, sum[1]! / n[1]!, sum[2]! / n[2]!];
    const xRight = c.lungs.origin[0] + ci[1]! * c.lungs.spacing[0];
    const xLeft = c.lungs.origin[0] + ci[2]! * c.lungs.spacing[0];
    expect(xRight).toBeLessThan(xLeft);
    void ny;
  });

  it('boxes are the per-slice bounding boxes of each tumour, no more and no fewer', () => {
    const [nx, ny, nz] = c.tumor.dims;
    const expected: string[] = [];
    for (let k = 0; k < nz; k++) {
      const box = new Map<number, [number, number, number, number]>();
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const l = c.tumor.data[i + nx * (j + ny * k)]!;
          if (!l) continue;
          const b = box.get(l) ?? [i, j, i, j];
          box.set(l, [Math.min(b[0], i), Math.min(b[1], j), Math.max(b[2], i), Math.max(b[3], j)]);
        }
      }
      for (const [l, b] of box) expected.push(`${k}:${l}:${b.join(',')}`);
    }
    const got = c.boxes.boxes.map((b) => `${b.k}:${b.tumor}:${b.i0},${b.j0},${b.i1},${b.j1}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(c.boxes.grid.dims).toEqual(c.ct.dims);
  });

  it('the grid is LPS with pixel spacing and slices as the protocol says', () => {
    expect(c.ct.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(c.ct.spacing[2]).toBe(c.protocol.sliceSpacing);
    expect(c.ct.dims[0]).toBe(160);
    expect(c.ct.dims[2]).toBe(c.protocol.slices);
  });
});

describe('phantom determinism', () => {
  it('same seed gives the same bytes with 1 or 3 threads', async () => {
    const again = unwrap(await generatePhantom({ seed: 11, size: 'small', tumors: 3, threads: 3 }));
    expect(Buffer.from(again.ct.data.buffer).equals(Buffer.from(c.ct.data.buffer))).toBe(true);
    expect(Buffer.from(again.tumor.data.buffer).equals(Buffer.from(c.tumor.data.buffer))).toBe(true);
    expect(Buffer.from(again.lungs.data.buffer).equals(Buffer.from(c.lungs.data.buffer))).toBe(true);
    expect(again.boxes).toEqual(c.boxes);
  });

  it('another seed gives another patient', async () => {
    const other = unwrap(await generatePhantom({ seed: 12, size: 'small', tumors: 1 }));
    expect(Buffer.from(other.ct.data.buffer).equals(Buffer.from(c.ct.data.buffer))).toBe(false);
  });
});
