import type { EllipsoidShape, LoftShape, PrismShape } from '../scene';
import { cap, smoothstep, type Patient } from './patient';
import { spineFront, vertebraHalfWidth } from './spine-geometry';
import { axisEllipsoid } from './shapes';

/**
 * The body wall as nested star-shaped outlines lofted in z: pleural cavity (P), muscle (M),
 * fat (F) and skin (B), plus the two lung apices and the scanner table. All outlines share
 * the polar centre (0, 0) so "P plus a thickness" is a plain radial sum.
 */
const VERTICES = 160;
const KEY_STEP = 8;

/** Radius along (c, s) of a superellipse with half-width a, front depth ba and back depth bp; pwBack squares off the back. */
function superellipse(c: number, s: number, a: number, ba: number, bp: number, pw: number, pwBack = pw): number {
  const b = s > 0 ? bp : ba;
  const e = s > 0 ? pwBack : pw;
  if (a <= 0 || b <= 0) return 0;
  return 1 / ((Math.abs(c) / a) ** e + (Math.abs(s) / b) ** e) ** (1 / e);
}

export interface Trunk {
  readonly cavity: LoftShape;
  readonly muscle: LoftShape;
  readonly fat: LoftShape;
  readonly body: LoftShape;
  /** A thin fat plane inside the chest-wall muscles (between pectoral and intercostal layers). */
  readonly fascia: LoftShape;
  readonly fasciaInner: LoftShape;
  readonly apexRight: EllipsoidShape;
  readonly apexLeft: EllipsoidShape;
  readonly table: PrismShape;
  readonly tableFoam: PrismShape;
  readonly tableY: number;
  /** Inner chest-wall radius in direction theta at height z (what the ribs wrap around). */
  readonly wallRadius: (theta: number, z: number) => number;
  /** Outer muscle radius (under the subcutaneous fat). */
  readonly muscleRadius: (theta: number, z: number) => number;
}

export function cavityProfile(p: Patient, zu: number): { a: number; ba: number; bp: number } {
  const a = 150 - 0.15 * Math.max(0, -170 - zu) - 42 * smoothstep(-110, 75, zu);
  return {
    a: p.sx * a * cap(zu, 60, 35),
    ba: p.sy * (100 - 22 * smoothstep(-60, 50, zu)) * cap(zu, 45, 40),
    bp: p.sy * (95 - 7 * smoothstep(-60, 60, zu)) * cap(zu, 60, 40),
  };
}

/** Pleural cavity radius: a superellipse notched behind by the vertebral bodies. */
function cavityRadius(p: Patient, th: number, z: number): number {
  const zu = z / p.sz;
  const { a, ba, bp } = cavityProfile(p, zu);
  const c = Math.cos(th);
  const s = Math.sin(th);
  const r = superellipse(c, s, a, ba, bp, 2.3, 2.9);
  if (s <= 0 || r === 0) return r;
  const front = spineFront(p, z);
  const hw = vertebraHalfWidth(p, z);
  const notchY = (x: number) => front + (bp - front) * smoothstep(0.9 * hw, hw + 11 * p.sx, Math.abs(x));
  if (r * s <= notchY(r * c)) return r;
  let lo = 0;
  let hi = r;
  for (let it = 0; it < 24; it++) {
    const mid = (lo + hi) / 2;
    if (mid * s <= notchY(mid * c)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Farthest hit of the ray from the origin along (c, s) with an axis-aligned ellipsoid's section at z. */
function rayEllipsoid(c: number, s: number, z: number, ctr: readonly number[], ax: readonly number[]): number {
  const dz = (z - ctr[2]!) / ax[2]!;
  const k = 1 - dz * dz;
  if (k <= 0) return 0;
  const ex = ax[0]! * Math.sqrt(k);
  const ey = ax[1]! * Math.sqrt(k);
  // ((t c - cx)/ex)^2 + ((t s - cy)/ey)^2 = 1
  const A = (c / ex) ** 2 + (s / ey) ** 2;
  const B = -2 * ((c * ctr[0]!) / ex ** 2 + (s * ctr[1]!) / ey ** 2);
  const C = (ctr[0]! / ex) ** 2 + (ctr[1]! / ey) ** 2 - 1;
  const disc = B * B - 4 * A * C;
  if (disc < 0) return 0;
  return Math.max(0, (-B + Math.sqrt(disc)) / (2 * A));
}

function harmonic(p: Patient, th: number, zu: number): number {
  const t = smoothstep(-220, 120, zu);
  let h = 1;
  p.harmonics.forEach(([a0, f0, a1, f1], i) => {
    const k = i + 2;
    h += (1 - t) * a0 * Math.cos(k * th + f0) + t * a1 * Math.cos(k * th + f1);
  });
  return h;
}

function loft(zs: readonly number[], radii: Float32Array): LoftShape {
  return {
    kind: 'loft', n: VERTICES, z: Float64Array.from(zs),
    cx: new Float64Array(zs.length), cy: new Float64Array(zs.length), radii,
  };
}

/** Limits a radius so the outline stays above (anterior of) y = yMax. */
function flatten(r: number, th: number, yMax: number): number {
  const s = Math.sin(th);
  return s > 0 && r * s > yMax ? yMax / s : r;
}

export function buildTrunk(p: Patient, zBottom: number, zTop: number): Trunk {
  const zs: number[] = [];
  for (let z = zBottom - 2 * KEY_STEP; z <= zTop + 2 * KEY_STEP; z += KEY_STEP) zs.push(z);
  const apexCentre = (side: 1 | -1): [number, number, number] => [side * 55 * p.sx, 15 * p.sy, 55 * p.sz];
  const apexAxes: [number, number, number] = [42 * p.sx, 48 * p.sy, 58 * p.sz];
  const apexR = apexCentre(-1);
  const apexL = apexCentre(1);
  const wallRadius = (th: number, z: number) => {
    const c = Math.cos(th);
    const s = Math.sin(th);
    return Math.max(cavityRadius(p, th, z), rayEllipsoid(c, s, z, apexR, apexAxes), rayEllipsoid(c, s, z, apexL, apexAxes));
  };
  // Chest-wall muscle thickness over the inner wall: pectorals in front (thicker up high),
  // serratus and latissimus at the side; the back and the shoulder girdle come from `inner`.
  const muscleThickness = (th: number, zu: number) => {
    const c = Math.cos(th);
    const s = Math.sin(th);
    const pect = 7 + 14 * smoothstep(-90, 30, zu);
    return p.muscle * (9 * c * c + (s < 0 ? pect : 14) * s * s);
  };
  const muscleRaw = (th: number, z: number) => {
    const zu = z / p.sz;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const prof = cavityProfile(p, zu);
    // Shoulder girdle and scapular muscles widen the upper back; the neck narrows the very top.
    const shoulder = (150 + 8 * p.muscle) * smoothstep(0, 75, zu) * (1 - 0.5 * smoothstep(125, 175, zu));
    const scapular = 22 * p.muscle * smoothstep(-90, -30, zu) * (1 - smoothstep(90, 130, zu));
    const inner = superellipse(c, s,
      p.sx * Math.max(prof.a / p.sx + scapular - 8, shoulder),
      p.sy * Math.max((prof.ba / p.sy) * 0.75, 72 * smoothstep(20, 70, zu)),
      p.sy * (122 + 16 * p.muscle), 2.3, 3.4);
    return Math.max(wallRadius(th, z) + muscleThickness(th, zu), inner) * (1 + 0.5 * (harmonic(p, th, zu) - 1));
  };
  const fatThickness = (th: number, z: number) => {
    const zu = z / p.sz;
    const c = Math.cos(th);
    const s = Math.sin(th);
    let t = p.fat * (6 + 12 * c * c + (s < 0 ? 8 : 3) * s * s) * (1 + 0.6 * smoothstep(-60, -220, zu));
    if (p.breast > 0) {
      for (const side of [-1, 1]) {
        const centre = Math.atan2(-100, side * 85);
        let d = th - centre;
        d = Math.atan2(Math.sin(d), Math.cos(d));
        t += p.breast * Math.exp(-((d / 0.38) ** 2)) * Math.exp(-(((zu + 55) / 42) ** 2));
      }
    }
    return t;
  };
  const tableY = muscleRaw(Math.PI / 2, -50 * p.sz) + fatThickness(Math.PI / 2, -50 * p.sz) + 2 - p.flatten;
  // One pass over keys and angles: each outline is the one inside it plus a thickness.
  const size = zs.length * VERTICES;
  const cavityRadii = new Float32Array(size);
  const fasciaRadii = new Float32Array(size);
  const fasciaInnerRadii = new Float32Array(size);
  const muscleRadii = new Float32Array(size);
  const fatRadii = new Float32Array(size);
  const bodyRadii = new Float32Array(size);
  zs.forEach((z, k) => {
    for (let v = 0; v < VERTICES; v++) {
      const th = (2 * Math.PI * v) / VERTICES;
      const q = k * VERTICES + v;
      const m = muscleRaw(th, z);
      const f = flatten((m + fatThickness(th, z)) * harmonic(p, th, z / p.sz), th, tableY - 2);
      cavityRadii[q] = cavityRadius(p, th, z);
      const plane = wallRadius(th, z) + 0.5 * muscleThickness(th, z / p.sz);
      fasciaRadii[q] = Math.min(plane + 1.2, m - 2);
      fasciaInnerRadii[q] = Math.min(plane - 1.2, m - 4);
      muscleRadii[q] = flatten(m, th, tableY - 5);
      fatRadii[q] = f;
      bodyRadii[q] = flatten(f + 2, th, tableY);
    }
  });
  const { table, foam } = buildTable(tableY, zs[0]!, zs[zs.length - 1]!);
  return {
    cavity: loft(zs, cavityRadii),
    fascia: loft(zs, fasciaRadii),
    fasciaInner: loft(zs, fasciaInnerRadii),
    muscle: loft(zs, muscleRadii),
    fat: loft(zs, fatRadii),
    body: loft(zs, bodyRadii),
    apexRight: axisEllipsoid(apexR, apexAxes),
    apexLeft: axisEllipsoid(apexL, apexAxes),
    table, tableFoam: foam, tableY, wallRadius,
    muscleRadius: (th, z) => flatten(muscleRaw(th, z), th, tableY - 5),
  };
}

/** A curved carbon-fibre table top with a foam core, just under the patient's back. */
function buildTable(y: number, z0: number, z1: number): { table: PrismShape; foam: PrismShape } {
  const half = 235;
  const bend = 700;
  const arc = (inset: number, depth: number) => {
    const pts: number[] = [];
    const n = 48;
    for (let v = 0; v <= n; v++) {
      const x = -half + inset + ((2 * (half - inset)) * v) / n;
      pts.push(x, y + 1 + inset - (x * x) / (2 * bend));
    }
    for (let v = n; v >= 0; v--) {
      const x = -half + inset + ((2 * (half - inset)) * v) / n;
      pts.push(x, y + 1 + depth - inset - (x * x) / (2 * bend));
    }
    return Float64Array.from(pts);
  };
  return { table: { kind: 'prism', xy: arc(0, 38), z0, z1 }, foam: { kind: 'prism', xy: arc(2.5, 38), z0, z1 } };
}
