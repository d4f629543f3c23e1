import type { Layer } from '../scene';
import { Tissue } from '../tissues';
import { layer } from './layer';
import { MATERIALS } from './materials';
import { smoothstep, type Patient } from './patient';
import { cylinder, rotatedEllipsoid, spline, TubeBuilder, type P3 } from './shapes';
import { canalY, vertebraHalfDepth, vertebraHalfWidth, vertebraLevels, vertebraY } from './spine-geometry';
import { cavityProfile, type Trunk } from './trunk';
import { Rng } from '../../../shared/random';

const CORTEX = 1.6;

/** Bone drawn twice from one shape: cortex, then marrow inside it. */
function bone(name: string, outer: TubeBuilder, cortex = MATERIALS.cortex, shell = CORTEX): Layer[] {
  return [
    layer(`${name} cortex`, outer.shape(1, 0), cortex, Tissue.boneCortex),
    layer(`${name} marrow`, outer.shape(1, -shell), MATERIALS.marrow, Tissue.boneMarrow),
  ];
}

function spineLayers(p: Patient, zMin: number, zMax: number): Layer[] {
  const levels = vertebraLevels(p).filter((l) => l.zTop > zMin - 30 && l.zBottom < zMax + 30);
  const layers: Layer[] = [];
  const canal = new TubeBuilder();
  const arch = new TubeBuilder();
  levels.forEach((lv, n) => {
    const z = lv.zCentre;
    const y = vertebraY(p, z);
    const hw = vertebraHalfWidth(p, z);
    const hd = vertebraHalfDepth(p, z);
    layers.push(layer(`${lv.name} body`, cylinder(0, y, hw, hd, lv.zBottom, lv.zTop), MATERIALS.cortex, Tissue.boneCortex));
    layers.push(layer(`${lv.name} cancellous`, cylinder(0, y, hw - 1.8, hd - 1.8, lv.zBottom + 1.2, lv.zTop - 1.2), MATERIALS.marrow, Tissue.boneMarrow));
    const below = levels[n + 1];
    if (below) {
      layers.push(layer(`${lv.name} disc`, cylinder(0, (y + vertebraY(p, below.zCentre)) / 2, hw * 0.97, hd * 0.97, below.zTop, lv.zBottom), MATERIALS.disc, Tissue.disc));
    }
    const cy = canalY(p, z);
    const rc = 7.5 * p.sx;
    const zp = lv.zTop - 0.3 * (lv.zTop - lv.zBottom);
    for (const s of [-1, 1]) {
      // Pedicle, lamina and transverse process of this side.
      arch.segment([s * (hw - 5), y + hd - 3, zp], 4.2, [s * (rc + 3), cy - 1, zp], 3.8);
      arch.segment([s * (rc + 3), cy - 1, zp], 3.8, [s * 4, cy + rc + 3, zp - 2], 3.5);
      arch.segment([s * (rc + 3), cy, zp], 4.2, [s * (rc + 22 * p.sx), cy + 8, zp + 2], 4.5);
    }
    // Spinous process, pointing down and back.
    arch.segment([0, cy + rc + 3, zp - 2], 4, [0, cy + rc + 30 * p.sy, zp - 22], 3.2);
    canal.segment([0, cy, lv.zTop + 8], rc, [0, cy, lv.zBottom - 8], rc);
  });
  layers.push(layer('spinal canal', canal.shape(), MATERIALS.canal, Tissue.spinalCanal));
  layers.push(...bone('vertebral arch', arch));
  return layers;
}

interface RibPlan {
  readonly points: P3[];
  /** Index where costal cartilage begins (points.length when there is none). */
  readonly cartilageFrom: number;
}

function ribPath(p: Patient, trunk: Trunk, level: number, side: 1 | -1, zHead: number, rng: Rng): RibPlan {
  const y = vertebraY(p, zHead);
  const hw = vertebraHalfWidth(p, zHead);
  const head: P3 = [side * (hw + 9 * p.sx), y + 10 * p.sy, zHead];
  // Anterior end angle (from the posterior midline): true ribs reach the sternum, floating ribs stop short.
  const phiEnd = level <= 7 ? Math.PI - 0.2 : level <= 10 ? 2.55 - 0.1 * (level - 8) : level === 11 ? 1.95 : 1.35;
  // Ribs run back and out almost level, fall steeply along the side, and their cartilages climb
  // again to the sternum, so an axial slice cuts each rib in a short oblique segment.
  const drop = (level === 1 ? 28 : level === 2 ? 55 : level <= 10 ? 95 : 55) * p.sz * rng.range(0.9, 1.1);
  const climb = level <= 7 ? 0.3 * drop : 0;
  const phi0 = 0.45;
  const ctrl: P3[] = [head];
  let lastR = 0;
  const steps = 16;
  for (let k = 0; k <= steps; k++) {
    const phi = phi0 + ((phiEnd - phi0) * k) / steps;
    const t = k / steps;
    const z = zHead + 4 * Math.sin(Math.min(1, t * 5) * Math.PI) - drop * smoothstep(0.12, 0.72, t) + climb * smoothstep(0.78, 1, t);
    const th = Math.atan2(Math.cos(phi), side * Math.sin(phi));
    let r = trunk.wallRadius(th, z);
    if (r < 20) r = lastR;
    lastR = r;
    const rr = r + 5;
    ctrl.push([rr * Math.cos(th), rr * Math.sin(th), z]);
  }
  const points = spline(ctrl, 4);
  const cartilageFrom = level <= 10 ? Math.floor(points.length * (level <= 7 ? 0.78 : 0.7)) : points.length;
  return { points, cartilageFrom };
}

function ribLayers(p: Patient, trunk: Trunk, zMin: number, zMax: number): Layer[] {
  const rng = Rng.derive(p.seed, 'ribs');
  const bones = new TubeBuilder();
  const cart = new TubeBuilder();
  const levels = vertebraLevels(p).filter((l) => /^T\d+$/.test(l.name));
  levels.forEach((lv, i) => {
    const n = i + 1;
    for (const side of [-1, 1] as const) {
      const plan = ribPath(p, trunk, n, side, lv.zTop - 2, rng);
      if (plan.points.every((q) => q[2] < zMin - 20 || q[2] > zMax + 20)) continue;
      const rb = (n <= 2 ? 3.6 : 3.2) * Math.sqrt(p.sx);
      // Two strands 4 mm apart in z make the rib's flat, tall cross-section.
      for (const dz of [-2, 2]) {
        const pts = plan.points.map((q): P3 => [q[0], q[1], q[2] + dz]);
        const boneEnd = Math.min(pts.length, plan.cartilageFrom + 1);
        bones.chain(pts.slice(0, boneEnd), pts.slice(0, boneEnd).map((_, k) => rb * (1 - 0.15 * (k / pts.length))));
        if (plan.cartilageFrom < pts.length) {
          const c = pts.slice(plan.cartilageFrom);
          cart.chain(c, c.map(() => rb * 0.9));
        }
      }
    }
  });
  return [
    layer('costal cartilage', cart.shape(), MATERIALS.cartilage, Tissue.cartilage),
    ...bone('ribs', bones, MATERIALS.ribCortex, 1.2),
  ];
}

function sternumLayers(p: Patient): Layer[] {
  const levels = vertebraLevels(p);
  const top = levels.find((l) => l.name === 'T3')!.zTop;
  const layers: Layer[] = [];
  const step = 6;
  const length = 165 * p.sz;
  for (let z = top; z > top - length; z -= step) {
    const zu = z / p.sz;
    const y = -cavityProfile(p, zu).ba - 6 * p.sy;
    const manubrium = z > top - 45 * p.sz;
    const hw = (manubrium ? 26 - 8 * ((top - z) / (45 * p.sz)) : 14) * p.sx;
    const hd = manubrium ? 7 : 5.5;
    layers.push(layer('sternum', cylinder(0, y, hw, hd, z - step, z), MATERIALS.cortex, Tissue.boneCortex));
    layers.push(layer('sternum marrow', cylinder(0, y, hw - 1.5, hd - 1.5, z - step, z), MATERIALS.marrow, Tissue.boneMarrow));
  }
  return layers;
}

function shoulderLayers(p: Patient, trunk: Trunk): Layer[] {
  const levels = vertebraLevels(p);
  const top = levels.find((l) => l.name === 'T3')!.zTop;
  const clav = new TubeBuilder();
  const layers: Layer[] = [];
  for (const s of [-1, 1]) {
    const y0 = -cavityProfile(p, top / p.sz).ba - 6 * p.sy;
    const pts = spline([
      [s * 24 * p.sx, y0, top + 4],
      [s * 70 * p.sx, y0 - 6, top + 14 * p.sz],
      [s * 120 * p.sx, y0 + 25, top + 24 * p.sz],
      [s * 150 * p.sx, 15 * p.sy, top + 30 * p.sz],
    ], 4);
    clav.chain(pts, pts.map(() => 6.5 * p.sx));
    // Scapula: a thin plate on the back of the rib cage, inside the shoulder-girdle muscles,
    // with its spine (a ridge across the upper third) and a thick lateral border.
    const th = Math.atan2(0.62, s * 0.78);
    const zc = 25 * p.sz;
    const wall = trunk.wallRadius(th, zc);
    const r = wall + 0.45 * (trunk.muscleRadius(th, zc) - wall);
    const c: P3 = [r * Math.cos(th), r * Math.sin(th), zc];
    // The blade lies about 25 degrees off the coronal plane, its lateral end forward.
    const alpha = (25 * Math.PI) / 180;
    const t: P3 = [-Math.cos(alpha), s * Math.sin(alpha), 0];
    const nrm: P3 = [-t[1], t[0], 0];
    const rot = [t[0], nrm[0], 0, t[1], nrm[1], 0, t[2], nrm[2], 1];
    layers.push(layer('scapula', rotatedEllipsoid(c, [50 * p.sx, 1.5, 75 * p.sz], rot), MATERIALS.ribCortex, Tissue.boneCortex));
    const at = (u: number, w: number, dz: number): P3 => [c[0] + t[0] * u + nrm[0] * w, c[1] + t[1] * u + nrm[1] * w, zc + dz];
    // Lateral border (toward the axilla) and the spine of the scapula out to the acromion.
    clav.chain([at(-s * 40 * p.sx, 1, -60 * p.sz), at(-s * 46 * p.sx, 2, 20 * p.sz), at(-s * 42 * p.sx, 3, 55 * p.sz)], [3, 4.5, 7]);
    clav.chain([at(s * 45 * p.sx, -2, 38 * p.sz), at(-s * 10 * p.sx, -8, 50 * p.sz), at(-s * 50 * p.sx, -10, 62 * p.sz)], [2.5, 4, 6]);
  }
  return [...layers, ...bone('clavicles', clav)];
}

/** Spine, ribs with costal cartilage, sternum, clavicles and scapulae, in painter's order. */
export function skeletonLayers(p: Patient, trunk: Trunk, zMin: number, zMax: number): Layer[] {
  return [...spineLayers(p, zMin, zMax), ...ribLayers(p, trunk, zMin, zMax), ...sternumLayers(p), ...shoulderLayers(p, trunk)];
}
