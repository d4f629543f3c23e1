import type { Layer } from '../scene';
import { Tissue } from '../tissues';
import { layer } from './layer';
import { MATERIALS } from './materials';
import type { Patient } from './patient';
import { axisEllipsoid, rotatedEllipsoid, rotZX } from './shapes';

/**
 * Below the diaphragm: two domes (ellipsoids whose tops are the diaphragm) filled with liver on
 * the right and stomach and spleen on the left, clipped to the inside of the chest wall. The
 * domes rise into the lung bases, so low axial slices show lung as a crescent around them, and
 * the backs of the domes are lower than the fronts (the posterior costophrenic recesses).
 */
export function abdomenLayers(p: Patient): Layer[] {
  const dome = (side: 1 | -1, top: number, grow: number) => {
    const axes: [number, number, number] = [118 * p.sx + grow, 128 * p.sy + grow, 185 * p.sz + grow];
    return axisEllipsoid([side * 58 * p.sx, -18 * p.sy, top * p.sz - 185 * p.sz], axes);
  };
  const clip = { clipTo: 'cavity' } as const;
  const rot = rotZX(0.5, 0.15);
  return [
    layer('left diaphragm', dome(1, p.domeLeft, 4), MATERIALS.muscle, Tissue.muscle, 'none', clip),
    layer('left upper abdomen', dome(1, p.domeLeft, 0), { hu: 30, coarse: 14, fine: 6 }, Tissue.stomach, 'none', clip),
    layer('spleen', rotatedEllipsoid([85 * p.sx, 55 * p.sy, (p.domeLeft - 75) * p.sz], [32 * p.sx, 55 * p.sy, 60 * p.sz], rot), MATERIALS.spleen, Tissue.spleen, 'none', clip),
    layer('stomach', axisEllipsoid([45 * p.sx, -30 * p.sy, (p.domeLeft - 55) * p.sz], [45 * p.sx, 38 * p.sy, 50 * p.sz]), MATERIALS.stomach, Tissue.stomach, 'none', clip),
    layer('gastric air', axisEllipsoid([48 * p.sx, -38 * p.sy, (p.domeLeft - 22) * p.sz], [30 * p.sx, 22 * p.sy, 14 * p.sz]), MATERIALS.air, Tissue.air, 'none', clip),
    layer('right diaphragm', dome(-1, p.domeRight, 4), MATERIALS.muscle, Tissue.muscle, 'none', clip),
    layer('liver', dome(-1, p.domeRight, 0), MATERIALS.liver, Tissue.liver, 'none', clip),
  ];
}
