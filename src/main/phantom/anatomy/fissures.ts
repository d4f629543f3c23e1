import type { Rng } from '../../../shared/random';
import type { Layer, SheetShape } from '../scene';
import { Tissue } from '../tissues';
import { layer } from './layer';
import type { Patient } from './patient';
import { axisEllipsoid, type P3 } from './shapes';

function unit(v: P3): P3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

function cross(a: P3, b: P3): P3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * The interlobar fissures: an oblique (major) fissure in each lung, falling from the back at
 * about T4-T5 to the front of the diaphragm, and the right horizontal (minor) fissure. They are
 * thin pleural sheets, seen on thin slices as faint lines and lost in thick ones; part of the
 * lung label, drawn only inside the lungs.
 */
export function fissureLayers(p: Patient, rng: Rng): Layer[] {
  const S = (x: number, y: number, z: number): P3 => [x * p.sx, y * p.sy, z * p.sz];
  const jitter = () => rng.gauss(0, 6);
  const sheet = (c: P3, lateral: P3, fall: P3, within: ReturnType<typeof axisEllipsoid>): SheetShape => ({
    kind: 'sheet', c, n: unit(cross(unit(lateral), unit(fall))), halfWidth: 0.3, within,
  });
  const tilt = (deg: number, side: number): P3 => [Math.cos((deg * Math.PI) / 180), side * Math.sin((deg * Math.PI) / 180), 0];
  const material = { hu: -200 };
  const keep = { clipToLung: true } as const;
  const sheets: [string, SheetShape][] = [
    ['right oblique fissure', sheet(S(-70, 5 + jitter(), -55 + jitter()), tilt(rng.range(8, 22), 1), [0, -140 * p.sy, -170 * p.sz], axisEllipsoid(S(-85, 0, -40), S(95, 130, 170)))],
    ['left oblique fissure', sheet(S(70, 10 + jitter(), -45 + jitter()), tilt(rng.range(8, 22), -1), [0, -130 * p.sy, -185 * p.sz], axisEllipsoid(S(85, 0, -40), S(95, 130, 170)))],
    ['right horizontal fissure', sheet(S(-75, -30, -25 + jitter()), [1, 0, 0], [0, -1, -0.12], axisEllipsoid(S(-85, -48, -25), S(75, 55, 30)))],
  ];
  return sheets.map(([name, s]) => layer(name, s, material, Tissue.fissure, 'keep', keep));
}
