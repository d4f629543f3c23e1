import { describe, expect, it } from 'vitest';
import { fillMassHulls } from '../../../src/main/preprocess/lung-mask/mass-hull';
import type { WorkVolume } from '../../../src/main/preprocess/lung-mask/work-volume';

// A 2 mm work grid of soft tissue (40 HU) inside the body, with one lung (label 1) of -850 HU
// filling the lateral half. A mass is a ball of 40 HU on the lung's medial edge; what the earlier
// steps leave is the mass above and below a band of rows in its middle slices (the rows that
// also show the other lung, where no step may take tissue), so the labelled mass is one piece
// (joined through its top and bottom slices) with a band out of its middle, as on phantom 1034.
const DIMS = [60, 60, 40] as const;
const SPACING = [2, 2, 2] as const;
const CENTRE = [30, 30, 20] as const;
const RADIUS_MM = 20;
const BAND = [29, 31] as const; // rows j left out of the mass
const BAND_SLICES = [15, 25] as const;

function setup(shape: (i: number, j: number, k: number) => boolean) {
  const [nx, ny, nz] = DIMS;
  const n = nx * ny * nz;
  const data = new Float32Array(n).fill(40);
  const labels = new Uint8Array(n);
  const body = new Uint8Array(n).fill(1);
  const core = new Uint8Array(n);
  const mass = new Uint8Array(n);
  for (let k = 0, q = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, q++) {
        const inMass = shape(i, j, k);
        if (i < CENTRE[0] && !inMass) {
          data[q] = -850;
          labels[q] = 1;
        }
        if (!inMass) continue;
        mass[q] = 1;
        if (j >= BAND[0] && j <= BAND[1] && k >= BAND_SLICES[0] && k <= BAND_SLICES[1]) continue;
        labels[q] = 1;
        core[q] = 1;
      }
    }
  }
  const w: WorkVolume = { dims: [nx, ny, nz], spacing: [...SPACING], data };
  return { w, labels, body, core, mass };
}

const ball = (i: number, j: number, k: number) =>
  Math.hypot((i - CENTRE[0]) * SPACING[0], (j - CENTRE[1]) * SPACING[1], (k - CENTRE[2]) * SPACING[2]) <= RADIUS_MM;

describe('fillMassHulls', () => {
  it('closes the band a mass leaves between its labelled parts, and takes nothing beside it', () => {
    const { w, labels, body, core, mass } = setup(ball);
    const before = labels.slice();
    let band = 0;
    for (let q = 0; q < mass.length; q++) if (mass[q] && !before[q]) band++;
    expect(band).toBeGreaterThan(500);
    const coreBefore = core.slice();
    const { added, spanMasses } = fillMassHulls(w, labels, body, core, 1, -300);
    let inBand = 0;
    let outside = 0;
    for (let q = 0; q < labels.length; q++) {
      if (before[q] || !labels[q]) continue;
      if (mass[q]) inBand++;
      else outside++;
      expect(core[q]).toBe(1);
    }
    expect(added).toBe(inBand + outside);
    // The hull of a ball's sections is the ball: all of the band but the rows at its very ends
    // (a section's first and last rows can both fall in the band) and nothing outside.
    expect(inBand / band).toBeGreaterThan(0.9);
    expect(outside).toBe(0);
    // It took more than a millilitre, so it crossed the span: the whole mass may grow its rim there.
    expect(added * 0.008).toBeGreaterThan(1);
    if (!spanMasses) throw new Error('a mass that crossed the span must be returned');
    for (let q = 0; q < mass.length; q++) if (coreBefore[q] || (labels[q] && !before[q])) expect(spanMasses[q]).toBe(1);
    expect(spanMasses.reduce((a, b) => a + b, 0)).toBe(mass.reduce((a, b) => a + b, 0) - (band - inBand));
  });

  it('leaves a curved strip (a vessel or the heart border) alone: its hull would sweep in what it encloses', () => {
    // A shell 4 mm thick on the same ball: its sections are rings whose hulls are whole discs.
    const shell = (i: number, j: number, k: number) => {
      const r = Math.hypot((i - CENTRE[0]) * SPACING[0], (j - CENTRE[1]) * SPACING[1], (k - CENTRE[2]) * SPACING[2]);
      return r <= RADIUS_MM && r > RADIUS_MM - 4;
    };
    const { w, labels, body, core } = setup(shell);
    const before = labels.slice();
    expect(fillMassHulls(w, labels, body, core, 1, -300).added).toBe(0);
    expect(labels).toEqual(before);
  });

  it('takes no air and nothing outside the body', () => {
    const { w, labels, body, core, mass } = setup(ball);
    for (let q = 0; q < mass.length; q++) if (mass[q] && !labels[q]) w.data[q] = -900;
    const before = labels.slice();
    expect(fillMassHulls(w, labels, body, core, 1, -300).added).toBe(0);
    const s = setup(ball);
    s.body.fill(0);
    expect(fillMassHulls(s.w, s.labels, s.body, s.core, 1, -300).added).toBe(0);
    expect(labels).toEqual(before);
  });
});
