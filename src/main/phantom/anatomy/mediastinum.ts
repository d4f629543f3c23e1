import type { Layer, LoftShape } from '../scene';
import { Tissue } from '../tissues';
import { layer } from './layer';
import { MATERIALS } from './materials';
import { smoothstep, type Patient } from './patient';
import { axisEllipsoid, frameFrom, grownEllipsoid, rotatedEllipsoid, spline, TubeBuilder, type P3 } from './shapes';
import { spineFront } from './spine-geometry';
import { cavityProfile } from './trunk';

/** Landmarks of the central structures, shared with the airway and vessel trees. */
export interface MediastinumPlan {
  readonly layers: Layer[];
  /** Hilar ends of the right and left pulmonary arteries (tree roots) and their radii. */
  readonly arteryRoots: readonly { readonly at: P3; readonly r: number; readonly side: 1 | 2 }[];
  /** Pulmonary vein ostia at the left atrium: superior and inferior, right and left. */
  readonly veinRoots: readonly { readonly at: P3; readonly r: number; readonly side: 1 | 2; readonly upper: boolean }[];
  /** Centreline of the aorta with its radius (for wall calcification). */
  readonly aortaPath: readonly { readonly at: P3; readonly r: number }[];
  /** Distal ends of the main bronchi (bronchial tree roots). */
  readonly bronchusRoots: readonly { readonly at: P3; readonly r: number; readonly side: 1 | 2 }[];
}

function columnLoft(p: Patient, zBottom: number, zTop: number): LoftShape {
  const n = 96;
  const zs: number[] = [];
  for (let z = zBottom - 16; z <= zTop + 16; z += 8) zs.push(z);
  const radii = new Float32Array(zs.length * n);
  const cx = new Float64Array(zs.length);
  const cy = new Float64Array(zs.length);
  zs.forEach((z, k) => {
    const zu = z / p.sz;
    const low = smoothstep(-150, -120, zu); // 0 below the heart: only the posterior mediastinum remains
    const front = low * -cavityProfile(p, zu).ba + (1 - low) * 5 * p.sy;
    const backY = spineFront(p, z) + 4;
    // Narrow in front (the prevascular space between the lungs' anterior junction), wider
    // behind around the trachea, oesophagus and descending aorta; widest at the aortic arch.
    const arch = smoothstep(5, 25, zu) * (1 - smoothstep(45, 60, zu));
    const back = p.sx * (zu > 60 ? 30 : 22 + 12 * arch + 6 * smoothstep(-40, 0, zu));
    const fore = p.sx * (zu > 60 ? 16 : 11 + 14 * arch);
    const ay = Math.max(4, (backY - front) / 2);
    cx[k] = 4 * p.sx;
    cy[k] = (backY + front) / 2;
    for (let v = 0; v < n; v++) {
      const th = (2 * Math.PI * v) / n;
      const c = Math.abs(Math.cos(th)), s = Math.sin(th);
      const hw = s > 0 ? back : fore;
      radii[k * n + v] = 1 / ((c / hw) ** 2.4 + (Math.abs(s) / ay) ** 2.4) ** (1 / 2.4);
    }
  });
  return { kind: 'loft', n, z: Float64Array.from(zs), cx, cy, radii };
}

function tube(ctrl: readonly P3[], r: number | ((t: number) => number)): TubeBuilder {
  const pts = spline(ctrl, 3);
  const rad = pts.map((_, i) => (typeof r === 'number' ? r : r(i / Math.max(1, pts.length - 1))));
  return new TubeBuilder().chain(pts, rad);
}

export function mediastinumPlan(p: Patient, zBottom: number, zTop: number): MediastinumPlan {
  const S = (x: number, y: number, z: number): P3 => [x * p.sx, y * p.sy, z * p.sz];
  const ao = p.aorta;
  const aortaCtrl = [S(2, -16, -50), S(-2, -30, 5), S(8, -14, 32), S(24, 16, 32), S(26, 36, 10), S(24, 38, -40), S(16, 36, -150), S(6, 32, -270)];
  const aortaR = (t: number) => (t < 0.25 ? 16 : t < 0.4 ? 14 : 12.5) * ao;
  const aorta = tube(aortaCtrl, aortaR);
  const aortaPts = spline(aortaCtrl, 3);
  const arch = new TubeBuilder()
    .append(tube([S(0, -20, 28), S(-14, -12, 60), S(-24, -6, 110), S(-28, -4, 160)], 6.5))
    .append(tube([S(12, -12, 32), S(18, -6, 100), S(22, -4, 160)], 4.5))
    .append(tube([S(22, 4, 30), S(36, 10, 70), S(62, 16, 95), S(100, 20, 110)], 5));
  const pa = new TubeBuilder()
    .append(tube([S(20, -36, -50), S(18, -22, -25), S(14, -8, -12)], 14))
    .append(tube([S(14, -8, -12), S(38, 6, -8), S(56, 16, -16)], (t) => 11 - 2 * t))
    .append(tube([S(14, -8, -12), S(-18, -4, -16), S(-52, 4, -24)], (t) => 11 - 2 * t));
  const veins = new TubeBuilder()
    .append(tube([S(-28, -20, 45), S(-30, -15, 0), S(-30, -10, -48)], 10))
    .append(tube([S(60, -26, 80), S(20, -32, 58), S(-28, -20, 45)], 7))
    .append(tube([S(-48, -14, 95), S(-38, -16, 70), S(-28, -20, 45)], 8))
    .append(tube([S(-10, 44, -160), S(-13, 42, -20), S(-20, 28, 6), S(-28, -6, 8)], 4))
    .append(tube([S(-22, 12, -125), S(-20, 16, -200), S(-18, 22, -280)], 13));
  const esophagus = tube([S(6, 30, 170), S(7, 30, 0), S(14, 28, -120), S(34, 2, -175)], 7.5);
  const trachea = tube([S(0, 4, 180), S(0, 6, 60), S(0, 9, 0)], 9);
  const rightMain: P3[] = [S(0, 9, 0), S(-20, 13, -16), S(-33, 17, -28)];
  const leftMain: P3[] = [S(0, 9, 0), S(24, 14, -20), S(42, 19, -36)];
  const bronchi = new TubeBuilder().append(tube(rightMain, 7)).append(tube(leftMain, 6));
  const airways = new TubeBuilder().append(trachea).append(bronchi);
  const hs = p.heart;
  const heartC: P3 = S(22 + p.heartShift, -22, -88);
  const heartAxes: P3 = [64 * hs * p.sx, 47 * hs * p.sy, 44 * hs * p.sz];
  const heartRot = frameFrom([0.62, -0.55, -0.56]);
  const la = axisEllipsoid(S(4, 18, -62), [34 * hs * p.sx, 18 * hs * p.sy, 24 * hs * p.sz]);
  const ra = axisEllipsoid(S(-24, -6, -88), [21 * hs * p.sx, 25 * hs * p.sy, 30 * hs * p.sz]);
  const med = MATERIALS.mediastinalFat;
  const fat = (name: string, b: TubeBuilder, grow: number) => layer(name, b.shape(1, grow), med, Tissue.mediastinalFat);
  const layers: Layer[] = [
    layer('mediastinum', columnLoft(p, zBottom, zTop), med, Tissue.mediastinalFat),
    layer('pericardial fat', grownEllipsoid(heartC, heartAxes, heartRot, 6), med, Tissue.mediastinalFat),
    layer('pericardial fat (right ventricle)', rotatedEllipsoid(S(2, -42, -98), [52 * hs * p.sx, 32 * hs * p.sy, 40 * hs * p.sz], frameFrom([1, -0.35, -0.25])), med, Tissue.mediastinalFat),
    layer('left atrium fat', rotatedEllipsoid(S(4, 18, -62), [38 * hs * p.sx, 22 * hs * p.sy, 28 * hs * p.sz], [1, 0, 0, 0, 1, 0, 0, 0, 1]), med, Tissue.mediastinalFat),
    fat('aortic fat', aorta, 4), fat('pulmonary artery fat', pa, 4), fat('arch vessel fat', arch, 3), fat('vein fat', veins, 2),
    fat('airway fat', airways, 4), fat('esophageal fat', esophagus, 3),
    layer('heart', rotatedEllipsoid(heartC, heartAxes, heartRot), MATERIALS.myocardium, Tissue.heart),
    layer('left atrium', la, MATERIALS.blood, Tissue.heart),
    layer('right atrium', ra, MATERIALS.blood, Tissue.heart),
    layer('right ventricle', rotatedEllipsoid(S(2, -42, -98), [46 * hs * p.sx, 26 * hs * p.sy, 34 * hs * p.sz], frameFrom([1, -0.35, -0.25])), MATERIALS.myocardium, Tissue.heart),
    layer('aorta', aorta.shape(), MATERIALS.blood, Tissue.greatVessel),
    layer('arch vessels', arch.shape(), MATERIALS.blood, Tissue.greatVessel),
    layer('pulmonary arteries', pa.shape(), MATERIALS.blood, Tissue.greatVessel),
    layer('veins', veins.shape(), MATERIALS.blood, Tissue.greatVessel),
    layer('esophagus', esophagus.shape(), MATERIALS.muscle, Tissue.muscle),
    layer('airway walls', airways.shape(1, 2), MATERIALS.airwayWall, Tissue.airwayWall),
    layer('airway lumen', airways.shape(), MATERIALS.airway, Tissue.airway),
    layer('thyroid right', axisEllipsoid(S(-20, 0, 135), [11 * p.sx, 10 * p.sy, 22 * p.sz]), MATERIALS.thyroid, Tissue.gland),
    layer('thyroid left', axisEllipsoid(S(20, 0, 135), [11 * p.sx, 10 * p.sy, 22 * p.sz]), MATERIALS.thyroid, Tissue.gland),
  ];
  return {
    layers,
    arteryRoots: [{ at: S(-52, 4, -24), r: 8.5, side: 1 }, { at: S(56, 16, -16), r: 8.5, side: 2 }],
    veinRoots: [
      { at: S(-30, 16, -52), r: 6.5, side: 1, upper: true }, { at: S(-30, 24, -74), r: 6.5, side: 1, upper: false },
      { at: S(36, 18, -48), r: 6.5, side: 2, upper: true }, { at: S(36, 26, -70), r: 6.5, side: 2, upper: false },
    ],
    bronchusRoots: [{ at: rightMain[2]!, r: 6.2, side: 1 }, { at: leftMain[2]!, r: 5.5, side: 2 }],
    aortaPath: aortaPts.map((at, i) => ({ at, r: aortaR(i / Math.max(1, aortaPts.length - 1)) })),
  };
}
