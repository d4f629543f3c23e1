import { Rng } from '../../../shared/random';

/**
 * One synthetic patient: body habitus and landmark positions. Lengths are in mm in the
 * anatomical frame (x to the patient's left, y posterior, z superior, origin at the carina).
 * Every organ builder reads the same patient, so a second scan of the patient (another
 * `scan` seed) shows the same anatomy.
 */
export interface Patient {
  readonly seed: number;
  readonly sex: 'F' | 'M';
  readonly age: number;
  /** Lateral, front-to-back and head-to-foot scale of the skeleton and organs. */
  readonly sx: number;
  readonly sy: number;
  readonly sz: number;
  /** Subcutaneous fat thickness multiplier (thin 0.3 .. obese 2.2). */
  readonly fat: number;
  /** Muscle thickness multiplier. */
  readonly muscle: number;
  /** Breast size (mm of extra anterior tissue; 0 for men). */
  readonly breast: number;
  /** Body outline irregularity: per harmonic 2..6, [amplitude, phase] at the bottom and top. */
  readonly harmonics: readonly (readonly [number, number, number, number])[];
  /** Diaphragm dome tops (unit-frame z, mm). */
  readonly domeRight: number;
  readonly domeLeft: number;
  /** Heart size multiplier and shift to the left (mm). */
  readonly heart: number;
  readonly heartShift: number;
  /** Aortic diameter multiplier (older patients have wider, longer aortas). */
  readonly aorta: number;
  /** Lung density offset (HU): emphysema is darker, poor inspiration denser. */
  readonly lungHu: number;
  /** How many mm the back is flattened against the table. */
  readonly flatten: number;
}

export function samplePatient(seed: number): Patient {
  const r = Rng.derive(seed, 'patient');
  const sex = r.chance(0.5) ? 'F' : 'M';
  const big = sex === 'M' ? 1.04 : 0.95;
  const build = r.gauss(0, 1, -2.2, 2.2);
  const sx = big * (1 + 0.055 * build + r.gauss(0, 0.02));
  const sy = big * (1 + 0.05 * build + r.gauss(0, 0.03));
  const sz = (sex === 'M' ? 1.03 : 0.96) * r.gauss(1, 0.045, 0.88, 1.12);
  const harmonics: [number, number, number, number][] = [];
  for (let k = 2; k <= 6; k++) {
    harmonics.push([r.gauss(0, 0.018 / (k - 1)), r.range(0, 2 * Math.PI), r.gauss(0, 0.018 / (k - 1)), r.range(0, 2 * Math.PI)]);
  }
  return {
    seed, sex,
    age: r.int(38, 84),
    sx, sy, sz,
    fat: Math.exp(r.gauss(0, 0.45, -1.2, 0.8)) * (sex === 'F' ? 1.2 : 0.9),
    muscle: r.gauss(1, 0.15, 0.65, 1.35),
    breast: sex === 'F' ? r.range(8, 55) : r.chance(0.2) ? r.range(3, 12) : 0,
    harmonics,
    domeRight: r.gauss(-108, 14, -140, -80),
    domeLeft: r.gauss(-122, 14, -155, -95),
    heart: r.gauss(1, 0.09, 0.82, 1.25),
    heartShift: r.gauss(0, 6, -12, 14),
    aorta: r.gauss(1, 0.08, 0.85, 1.25),
    lungHu: r.gauss(0, 25, -60, 50),
    flatten: r.range(12, 30),
  };
}

/** Maps a point of the average (unit) anatomy into this patient. */
export function scalePoint(p: Patient, x: number, y: number, z: number): [number, number, number] {
  return [x * p.sx, y * p.sy, z * p.sz];
}

export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

/** sqrt(1 - ((z - z0)/h)^2) clamped: a rounded cap that reaches 0 at z0 + h. */
export function cap(z: number, z0: number, h: number): number {
  if (z <= z0) return 1;
  const t = (z - z0) / h;
  return t >= 1 ? 0 : Math.sqrt(1 - t * t);
}
