import { lungAt } from '../point-test';
import type { Rng } from '../../../shared/random';
import type { BlobShape, Layer } from '../scene';
import { Tissue } from '../tissues';
import { layer } from './layer';
import type { LungPoints } from './lung-vessels';
import { frameFrom, TubeBuilder, type P3 } from './shapes';
import type { TreeSegment } from './trees';

export type Attachment = 'free' | 'pleural' | 'mediastinal' | 'vascular';

/** What was drawn for one tumour; the label is its value in the instance mask. */
export interface TumorSpec {
  readonly label: number;
  /** Lung-PET-CT-Dx style class letter (A, B, E, G); random here, not a histology. */
  readonly className: string;
  readonly diameterMm: number;
  readonly centre: P3;
  readonly side: 1 | 2;
  readonly attachment: Attachment;
  readonly spiculated: boolean;
  readonly cavitated: boolean;
  readonly groundGlassHalo: boolean;
  readonly hu: number;
}

export interface TumorContext {
  readonly layers: readonly Layer[];
  readonly points: LungPoints;
  readonly vessels: readonly TreeSegment[];
  readonly wallRadius: (theta: number, z: number) => number;
}

const ATTACH: readonly Attachment[] = ['free', 'pleural', 'mediastinal', 'vascular'];

function lungPoint(ctx: TumorContext, side: 1 | 2, rng: Rng): P3 | undefined {
  const n = ctx.points.side.length;
  for (let t = 0; t < 50; t++) {
    const i = rng.int(0, n - 1);
    if (ctx.points.side[i] === side) return [ctx.points.xyz[3 * i]!, ctx.points.xyz[3 * i + 1]!, ctx.points.xyz[3 * i + 2]!];
  }
  return undefined;
}

/** True when the centre and points at `reach` mm around it in 14 directions are all in the lung. */
function roomy(ctx: TumorContext, c: P3, side: 1 | 2, reach: number): boolean {
  if (lungAt(ctx.layers, c[0], c[1], c[2]) !== side) return false;
  const dirs: P3[] = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
  for (const a of [-1, 1]) for (const b of [-1, 1]) for (const d of [-1, 1]) dirs.push([a * 0.577, b * 0.577, d * 0.577]);
  return dirs.every((d) => lungAt(ctx.layers, c[0] + d[0] * reach, c[1] + d[1] * reach, c[2] + d[2] * reach) === side);
}

function placeCentre(ctx: TumorContext, kind: Attachment, side: 1 | 2, R: number, rng: Rng): P3 | undefined {
  const q = lungPoint(ctx, side, rng);
  if (!q) return undefined;
  switch (kind) {
    case 'free':
      return roomy(ctx, q, side, 0.8 * R) ? q : undefined;
    case 'pleural': {
      const th = Math.atan2(q[1], q[0]);
      const rho = ctx.wallRadius(th, q[2]) - 0.55 * R;
      if (rho < 20) return undefined;
      const c: P3 = [rho * Math.cos(th), rho * Math.sin(th), q[2]];
      return roomy(ctx, c, side, 0.3 * R) || lungAt(ctx.layers, c[0], c[1], c[2]) === side ? c : undefined;
    }
    case 'mediastinal': {
      const dir = side === 1 ? 1 : -1; // toward the midline
      let x = q[0];
      for (let step = 0; step < 200 && lungAt(ctx.layers, x, q[1], q[2]) === side; step++) x += dir;
      const c: P3 = [x - dir * 0.55 * R, q[1], q[2]];
      return lungAt(ctx.layers, c[0], c[1], c[2]) === side ? c : undefined;
    }
    case 'vascular': {
      const cands = ctx.vessels.filter((s) => s.r >= 1.2 && s.r <= 4);
      if (cands.length === 0) return undefined;
      const s = rng.pick(cands);
      const m: P3 = [(s.a[0] + s.b[0]) / 2, (s.a[1] + s.b[1]) / 2, (s.a[2] + s.b[2]) / 2];
      const frame = frameFrom([s.b[0] - s.a[0], s.b[1] - s.a[1], s.b[2] - s.a[2]]);
      const ang = rng.range(0, 2 * Math.PI);
      const off = s.r + 0.6 * R;
      const c: P3 = [
        m[0] + off * (Math.cos(ang) * frame[1]! + Math.sin(ang) * frame[2]!),
        m[1] + off * (Math.cos(ang) * frame[4]! + Math.sin(ang) * frame[5]!),
        m[2] + off * (Math.cos(ang) * frame[7]! + Math.sin(ang) * frame[8]!),
      ];
      return roomy(ctx, c, side, 0.4 * R) ? c : undefined;
    }
  }
}

function blob(c: P3, rot: readonly number[], axes: P3, lobes: number[], base: number, scale = 1, add = 0): BlobShape {
  return { kind: 'blob', c, rot, axes, lobes, base, scale, add };
}

/**
 * Places `count` tumours in the lungs (free, against the chest wall, against the mediastinum or
 * on a vessel) and returns the layers that draw them: optional ground-glass halo, the solid
 * lobulated body, spicules, a necrotic core or an air cavity. Tumours keep clear of each other.
 */
export function planTumors(ctx: TumorContext, count: number, minDiameter: number, growth: number, rng: Rng): { specs: TumorSpec[]; layers: Layer[] } {
  const specs: TumorSpec[] = [];
  const layers: Layer[] = [];
  const placed: { c: P3; reach: number }[] = [];
  for (let t = 0; t < count; t++) {
    // Drawn from the patient's stream independently of the scan's resolution, then raised to
    // what the scan can show, so two scans of a patient show the same tumours.
    // Log-uniform sizes, weighted toward the 10-70 mm masses that lung-cancer series mostly hold.
    const small = rng.chance(0.3);
    const raw = Math.exp(small ? rng.range(Math.log(4), Math.log(10)) : rng.range(Math.log(10), Math.log(70)));
    let diameter = Math.max(minDiameter, Math.min(70, raw * growth));
    let centre: P3 | undefined;
    let kind: Attachment = 'free';
    let side: 1 | 2 = 1;
    for (let attempt = 0; attempt < 160 && !centre; attempt++) {
      if (attempt > 0 && attempt % 40 === 0) diameter = Math.max(minDiameter, diameter * 0.7);
      side = rng.chance(0.55) ? 1 : 2;
      kind = ATTACH[rng.weighted([0.3, 0.35, 0.15, 0.2])]!;
      const R = diameter / 2;
      const c = placeCentre(ctx, kind, side, R, rng);
      if (c && placed.every((o) => Math.hypot(c[0] - o.c[0], c[1] - o.c[1], c[2] - o.c[2]) > o.reach + 1.6 * R + 8)) centre = c;
    }
    if (!centre) continue;
    const label = specs.length + 1;
    const R = diameter / 2;
    const spiculated = rng.chance(diameter > 10 ? 0.4 : 0.15);
    const lobulated = rng.chance(0.6);
    const f = [rng.range(0.8, 1.2), rng.range(0.8, 1.2), rng.range(0.75, 1.15)];
    const g = Math.cbrt(f[0]! * f[1]! * f[2]!);
    const axes: P3 = [(R * f[0]!) / g, (R * f[1]!) / g, (R * f[2]!) / g];
    const rot = frameFrom(rng.direction());
    const lobes: number[] = [];
    let mean = 0;
    // Broad lobes shape the mass; small sharp bumps roughen its margin (more so for large ones).
    const nl = lobulated ? rng.int(4, 8) : rng.int(1, 3);
    const bumps = Math.round((diameter > 15 ? rng.int(6, 14) : rng.int(2, 6)) * (lobulated ? 1 : 0.5));
    for (let m = 0; m < nl + bumps; m++) {
      const d = rng.direction();
      const big = m < nl;
      const kappa = big ? rng.range(3, 8) : rng.range(12, 30);
      const amp = big ? (lobulated ? rng.range(0.12, 0.32) : rng.range(0.03, 0.1)) : rng.range(0.08, 0.2);
      lobes.push(d[0], d[1], d[2], kappa, amp);
      mean += (amp * (1 - Math.exp(-2 * kappa))) / (2 * kappa);
    }
    const base = 1 - mean;
    const hu = rng.range(12, 50);
    const cavitated = diameter >= 22 && rng.chance(0.15);
    const halo = rng.chance(0.2);
    const lungSide = side === 1 ? 'right' : 'left';
    const material = { hu, coarse: 9, fine: 6 };
    const inLung = { clipToLung: true } as const;
    if (halo) {
      layers.push(layer(`tumor ${label} halo`, blob(centre, rot, axes, lobes, base, 1, rng.range(3, 8)), { hu: -600, coarse: 40, fine: 20 }, Tissue.groundGlass, 'keep', { ...inLung, opacity: 0.75 }));
    }
    layers.push(layer(`tumor ${label}`, blob(centre, rot, axes, lobes, base), material, Tissue.tumor, lungSide, { ...inLung, tumor: label }));
    let reach = R * 1.4;
    if (spiculated) {
      const spikes = new TubeBuilder();
      const ns = rng.int(8, 20);
      for (let s = 0; s < ns; s++) {
        const d = rng.direction();
        const start: P3 = [centre[0] + d[0] * R * 0.75, centre[1] + d[1] * R * 0.75, centre[2] + d[2] * R * 0.75];
        const len = rng.range(0.3, 0.9) * R + rng.range(3, 10);
        reach = Math.max(reach, R * 0.75 + len);
        spikes.segment(start, rng.range(1, 1.8), [start[0] + d[0] * len, start[1] + d[1] * len, start[2] + d[2] * len], 0.2);
      }
      layers.push(layer(`tumor ${label} spicules`, spikes.shape(), material, Tissue.tumor, lungSide, { ...inLung, tumor: label }));
    }
    if (cavitated) {
      const off: P3 = [centre[0], centre[1] - 0.15 * R, centre[2] + 0.1 * R];
      layers.push(layer(`tumor ${label} cavity`, blob(off, rot, axes, lobes, base, rng.range(0.35, 0.55)), { hu: -990, coarse: 4 }, Tissue.air, 'keep'));
    } else if (diameter >= 35 && rng.chance(0.5)) {
      layers.push(layer(`tumor ${label} necrosis`, blob(centre, rot, axes, lobes, base, 0.5), { hu: hu - 22, coarse: 8, fine: 4 }, Tissue.tumor, lungSide, { tumor: label }));
    }
    placed.push({ c: centre, reach });
    specs.push({
      label, className: ['A', 'A', 'A', 'G', 'G', 'B', 'E'][rng.int(0, 6)]!, diameterMm: Math.round(diameter * 10) / 10,
      centre, side, attachment: kind, spiculated, cavitated, groundGlassHalo: halo, hu: Math.round(hu),
    });
  }
  return { specs, layers };
}
