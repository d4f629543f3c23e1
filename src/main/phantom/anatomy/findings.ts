import type { Rng } from '../../../shared/random';
import type { Layer } from '../scene';
import type { TreeSegment } from './trees';
import { Tissue } from '../tissues';
import { layer } from './layer';
import type { LungPoints } from './lung-vessels';
import type { Patient } from './patient';
import { axisEllipsoid, frameFrom, rotatedEllipsoid, TubeBuilder, type P3 } from './shapes';

/**
 * Things a lung-cancer patient's scan often shows besides the tumour, drawn so that "dense
 * thing in the lung" or "soft-tissue lump near the hilum" does not mean "tumour": mediastinal
 * and hilar lymph nodes, a dependent pleural effusion, bands of subsegmental atelectasis at the
 * bases, calcified granulomas, emphysematous holes in the upper lobes, and calcium in the aorta
 * and coronary arteries. None of them is in the tumour mask; effusion is not lung.
 */
export interface FindingsContext {
  readonly points: LungPoints;
  readonly aortaPath: readonly { readonly at: P3; readonly r: number }[];
  readonly vessels: readonly TreeSegment[];
  readonly wallRadius: (theta: number, z: number) => number;
}

function lungPoint(ctx: FindingsContext, rng: Rng, keep: (p: P3) => boolean): P3 | undefined {
  const n = ctx.points.side.length;
  for (let t = 0; t < 60; t++) {
    const i = rng.int(0, n - 1);
    const q: P3 = [ctx.points.xyz[3 * i]!, ctx.points.xyz[3 * i + 1]!, ctx.points.xyz[3 * i + 2]!];
    if (keep(q)) return q;
  }
  return undefined;
}

export function findingLayers(p: Patient, ctx: FindingsContext, rng: Rng): Layer[] {
  const S = (x: number, y: number, z: number): P3 => [x * p.sx, y * p.sy, z * p.sz];
  const layers: Layer[] = [];
  const inLung = { clipToLung: true } as const;
  // Lymph nodes: paratracheal, subcarinal, hilar; 6-16 mm, soft tissue like a small tumour.
  const sites: P3[] = [S(-16, 0, 35), S(14, -6, 30), S(2, 28, -22), S(-42, 10, -20), S(46, 18, -14), S(-8, -20, 20), S(22, 22, -40)];
  for (const site of sites) {
    if (!rng.chance(0.55)) continue;
    const r = rng.range(3, 8);
    const c: P3 = [site[0] + rng.gauss(0, 4), site[1] + rng.gauss(0, 4), site[2] + rng.gauss(0, 6)];
    layers.push(layer('lymph node', rotatedEllipsoid(c, [r * 1.3, r, r * 0.9], frameFrom(rng.direction())), { hu: rng.range(25, 45), coarse: 5 }, Tissue.lymphNode));
  }
  // Subsegmental atelectasis: thin dense bands in the dependent lung bases.
  const bands = rng.int(0, 3);
  for (let b = 0; b < bands; b++) {
    const q = lungPoint(ctx, rng, (x) => x[1] > 30 * p.sy && x[2] < -90 * p.sz);
    if (!q) continue;
    const dir: P3 = [rng.gauss(0, 1), rng.gauss(0, 0.3), rng.gauss(0, 0.5)];
    const len = rng.range(15, 40);
    const n = Math.hypot(...dir);
    const a: P3 = [q[0] - (dir[0] / n) * len, q[1] - (dir[1] / n) * len, q[2] - (dir[2] / n) * len];
    const e: P3 = [q[0] + (dir[0] / n) * len, q[1] + (dir[1] / n) * len, q[2] + (dir[2] / n) * len];
    layers.push(layer('atelectasis', new TubeBuilder().segment(a, rng.range(1, 2.5), e, rng.range(0.8, 2)).shape(), { hu: rng.range(-150, 20), coarse: 20 }, Tissue.atelectasis, 'keep', inLung));
  }
  // Calcified granulomas: small, very dense nodules.
  const granulomas = rng.chance(0.4) ? rng.int(1, 3) : 0;
  for (let g = 0; g < granulomas; g++) {
    const q = lungPoint(ctx, rng, () => true);
    if (q) layers.push(layer('calcified granuloma', axisEllipsoid(q, [rng.range(1.5, 3.5), rng.range(1.5, 3.5), rng.range(1.5, 3.5)]), { hu: rng.range(300, 900) }, Tissue.calcification, 'keep', inLung));
  }
  // Centrilobular emphysema: clusters of small holes in the upper lobes of some (older, smoking) patients.
  if (rng.chance(p.age > 60 ? 0.35 : 0.15)) {
    const holes = rng.int(10, 60);
    for (let h = 0; h < holes; h++) {
      const q = lungPoint(ctx, rng, (x) => x[2] > -20 * p.sz);
      if (q) layers.push(layer('emphysema', axisEllipsoid(q, [rng.range(2, 6), rng.range(2, 6), rng.range(2, 6)]), { hu: -975, coarse: 5 }, Tissue.emphysema, 'keep', inLung));
    }
  }
  // Atherosclerotic calcium in the aortic wall and coronary arteries, more with age.
  const plaques = Math.max(0, Math.round((p.age - 45) / 6 + rng.gauss(0, 2)));
  const aortaWall = new TubeBuilder();
  for (let c = 0; c < plaques && ctx.aortaPath.length > 2; c++) {
    const k = rng.int(1, ctx.aortaPath.length - 2);
    const { at: c0, r } = ctx.aortaPath[k]!;
    const c1 = ctx.aortaPath[k + 1]!.at;
    const f = frameFrom([c1[0] - c0[0], c1[1] - c0[1], c1[2] - c0[2]]);
    const ang = rng.range(0, 2 * Math.PI);
    const w: P3 = [Math.cos(ang) * f[1]! + Math.sin(ang) * f[2]!, Math.cos(ang) * f[4]! + Math.sin(ang) * f[5]!, Math.cos(ang) * f[7]! + Math.sin(ang) * f[8]!];
    const at: P3 = [c0[0] + r * w[0], c0[1] + r * w[1], c0[2] + r * w[2]];
    aortaWall.segment(at, rng.range(0.8, 1.6), [at[0] + (c1[0] - c0[0]), at[1] + (c1[1] - c0[1]), at[2] + (c1[2] - c0[2])], rng.range(0.6, 1.4));
  }
  if (aortaWall.count > 0) layers.push(layer('vascular calcification', aortaWall.shape(), { hu: rng.range(400, 900) }, Tissue.calcification));
  return layers;
}

/** A dependent pleural effusion in some patients: fluid filling the back of the pleural space at the base (not lung). */
export function effusionLayers(p: Patient, rng: Rng): Layer[] {
  const S = (x: number, y: number, z: number): P3 => [x * p.sx, y * p.sy, z * p.sz];
  const layers: Layer[] = [];
  if (rng.chance(0.15)) {
    for (const side of rng.chance(0.5) ? [-1, 1] : [rng.sign()]) {
      const depth = rng.range(15, 45);
      const c = S(side * 85, 120, -150);
      layers.push(layer('pleural effusion', axisEllipsoid([c[0], c[1] - 10 + depth * 0.3, c[2]], [95 * p.sx, depth + 40, 90 * p.sz]), { hu: rng.range(5, 18), coarse: 3 }, Tissue.fluid, 'none', { clipTo: 'cavity' }));
    }
  }
  return layers;
}
