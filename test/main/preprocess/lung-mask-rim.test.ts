import { describe, expect, it } from 'vitest';
import { fillTumourRims } from '../../../src/main/preprocess/lung-mask/tumour-rim';
import type { WorkVolume } from '../../../src/main/preprocess/lung-mask/work-volume';

// A synthetic chest on a 2 x 2 x 2 mm work grid (LPS: i toward patient left): an elliptic body
// of soft tissue (40 HU) and two mirror-image ellipsoid lungs (-850 HU), 40 mm apart. A tumour
// is a ball of 40 HU centred just inside the right lung's lateral surface; the labels are what
// the earlier steps leave: the lung and the tumour's inner part, with the tumour's outer 3 mm
// on the wall side (its partial-volume rim on a real grid) left out.
const DIMS = [100, 70, 50] as const;
const SPACING = [2, 2, 2] as const;
const MID = 49.5;
const RIGHT = [MID - 24, 35, 25] as const;
const AXES = [18, 25, 20] as const;

function inLung(i: number, j: number, k: number, side: 1 | 2): boolean {
  const ci = side === 1 ? RIGHT[0] : 2 * MID - RIGHT[0];
  return ((i - ci) / AXES[0]) ** 2 + ((j - RIGHT[1]) / AXES[1]) ** 2 + ((k - RIGHT[2]) / AXES[2]) ** 2 <= 1;
}

interface Tumour {
  readonly centre: readonly [number, number, number];
  readonly radiusMm: number;
}

function chest(tumour?: Tumour) {
  const [nx, ny, nz] = DIMS;
  const n = nx * ny * nz;
  const data = new Float32Array(n);
  const labels = new Uint8Array(n);
  const body = new Uint8Array(n);
  const inTumour = new Uint8Array(n);
  for (let k = 0, q = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, q++) {
        if (((i - MID) / 48) ** 2 + ((j - 35) / 33) ** 2 > 1) {
          data[q] = -1000;
          continue;
        }
        body[q] = 1;
        const lung = inLung(i, j, k, 1) ? 1 : inLung(i, j, k, 2) ? 2 : 0;
        const r = tumour
          ? Math.hypot((i - tumour.centre[0]) * SPACING[0], (j - tumour.centre[1]) * SPACING[1], (k - tumour.centre[2]) * SPACING[2])
          : Infinity;
        data[q] = lung && r > (tumour?.radiusMm ?? 0) ? -850 : 40;
        if (r <= (tumour?.radiusMm ?? 0)) inTumour[q] = 1;
        // What the earlier steps leave: the lung, and the tumour except its outer 3 mm outside the lung.
        if (lung || (r <= (tumour?.radiusMm ?? 0) - 3)) labels[q] = lung || 1;
      }
    }
  }
  const w: WorkVolume = { dims: [nx, ny, nz], spacing: [...SPACING], data };
  return { w, labels, body, inTumour };
}

function count(labels: Uint8Array, before: Uint8Array, where: (q: number) => boolean) {
  let n = 0;
  for (let q = 0; q < labels.length; q++) if (!before[q] && labels[q] && where(q)) n++;
  return n;
}

describe('tumour rims: the dense rim just outside a lung around a mass inside it', () => {
  it('takes nothing from a chest without a mass', () => {
    const c = chest();
    const before = c.labels.slice();
    expect(fillTumourRims(c.w, c.labels, c.body)).toBe(0);
    expect(c.labels).toEqual(before);
  });

  it("takes a 30 mm wall tumour's outer rim into the right lung, and little of the wall beyond it", () => {
    // Centred 5 mm inside the lateral surface: most of the ball lies in the lung, its outer cap in the wall.
    const lateral = RIGHT[0] - AXES[0];
    const c = chest({ centre: [lateral + 2.5, RIGHT[1], RIGHT[2]], radiusMm: 15 });
    const before = c.labels.slice();
    let missed = 0;
    for (let q = 0; q < c.labels.length; q++) if (c.inTumour[q] && !before[q]) missed++;
    expect(missed).toBeGreaterThan(100);
    fillTumourRims(c.w, c.labels, c.body);
    const taken = count(c.labels, before, (q) => c.inTumour[q] === 1);
    const wall = count(c.labels, before, (q) => c.inTumour[q] === 0);
    expect(taken / missed).toBeGreaterThanOrEqual(0.95);
    // The grow reaches 1 mm past the tumour's own edge (4 mm from the core): a thin shell, not the wall.
    expect(wall).toBeLessThan(taken);
    for (let q = 0; q < c.labels.length; q++) if (!before[q] && c.labels[q]) expect(c.labels[q]).toBe(1);
  });

  it('does not grow a mass on the mediastinum into the span between the lungs', () => {
    const medial = RIGHT[0] + AXES[0];
    const c = chest({ centre: [medial - 2.5, RIGHT[1], RIGHT[2]], radiusMm: 15 });
    const before = c.labels.slice();
    fillTumourRims(c.w, c.labels, c.body);
    const leftMedial = 2 * MID - medial;
    const between = count(c.labels, before, (q) => {
      const i = q % DIMS[0];
      return i > medial && i < leftMedial;
    });
    expect(between).toBe(0);
  });
});
