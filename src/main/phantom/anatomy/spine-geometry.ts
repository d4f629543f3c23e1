import type { Patient } from './patient';

/**
 * Where the spine is, as smooth functions of height (patient frame, mm). Shared by the trunk
 * (the pleural cavity is notched around the vertebral bodies) and the skeleton.
 */
export function vertebraY(p: Patient, z: number): number {
  const zu = z / p.sz;
  return p.sy * (48 + 12 * Math.exp(-(((zu + 20) / 120) ** 2)));
}

/** Half-width (x) of the vertebral body; bodies widen toward the lumbar spine. */
export function vertebraHalfWidth(p: Patient, z: number): number {
  const zu = z / p.sz;
  return p.sx * Math.min(29, Math.max(15, 17 + 0.045 * (100 - zu)));
}

export function vertebraHalfDepth(p: Patient, z: number): number {
  return 0.78 * vertebraHalfWidth(p, z) * (p.sy / p.sx);
}

/** y of the front of the vertebral bodies, less a little prevertebral tissue. */
export function spineFront(p: Patient, z: number): number {
  return vertebraY(p, z) - vertebraHalfDepth(p, z) - 3 * p.sy;
}

export function canalY(p: Patient, z: number): number {
  return vertebraY(p, z) + vertebraHalfDepth(p, z) + 9 * p.sy;
}

export interface VertebraLevel {
  readonly name: string;
  /** Top and bottom of the vertebral body (the disc sits below the bottom). */
  readonly zTop: number;
  readonly zBottom: number;
  readonly zCentre: number;
}

/** C7 to L2, with T5 at the carina's height; bodies are 80% of the pitch, discs the rest. */
export function vertebraLevels(p: Patient): VertebraLevel[] {
  const names = ['C7', ...Array.from({ length: 12 }, (_, i) => `T${i + 1}`), 'L1', 'L2', 'L3'];
  const levels: VertebraLevel[] = [];
  // Pitch grows slowly toward the lumbar spine; T5's centre is at z = 0.
  const pitch = (n: number) => (20.5 + 0.45 * n) * p.sz;
  let zc = 0;
  for (let n = 6; n > 0; n--) zc += (pitch(n) + pitch(n - 1)) / 2;
  for (let n = 0; n < names.length; n++) {
    const h = 0.8 * pitch(n);
    levels.push({ name: names[n]!, zTop: zc + h / 2, zBottom: zc - h / 2, zCentre: zc });
    zc -= (pitch(n) + pitch(n + 1)) / 2;
  }
  return levels;
}
