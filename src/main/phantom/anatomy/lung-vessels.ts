import type { Rng } from '../../../shared/random';
import type { Layer } from '../scene';
import { Tissue } from '../tissues';
import { layer } from './layer';
import type { MediastinumPlan } from './mediastinum';
import { MATERIALS } from './materials';
import { companionTree, growTree, treeTubes, type TreeSegment } from './trees';

/** Points spread uniformly through the lungs (rejection sampling against the painted anatomy). */
export interface LungPoints {
  readonly xyz: Float64Array;
  readonly side: Uint8Array;
}

function idsWhere(points: LungPoints, keep: (i: number) => boolean): Int32Array {
  const ids: number[] = [];
  for (let i = 0; i < points.side.length; i++) if (keep(i)) ids.push(i);
  return Int32Array.from(ids);
}

export interface LungTrees {
  readonly layers: Layer[];
  readonly arteries: TreeSegment[];
  readonly veins: TreeSegment[];
}

/**
 * Pulmonary arteries (from the hilar arteries), veins (to the left atrium) and airways (beside
 * the arteries), drawn only inside the lungs. Arteries and veins are grown on separate point
 * sets, so they interleave the way they do in a lung rather than running in pairs.
 */
export function lungTrees(plan: MediastinumPlan, arteryPts: LungPoints, veinPts: LungPoints, rMin: number, rng: Rng): LungTrees {
  const opts = { rMin, lengthFraction: 0.45, maxDepth: 24, tortuosity: 0.03, inertia: 0.35 };
  const arteries: TreeSegment[] = [];
  const veins: TreeSegment[] = [];
  const airways: TreeSegment[] = [];
  for (const root of plan.arteryRoots) {
    const ids = idsWhere(arteryPts, (i) => arteryPts.side[i] === root.side);
    const tree = growTree(arteryPts.xyz, ids, root.at, root.r, opts, rng);
    arteries.push(...tree);
    const b = plan.bronchusRoots.find((r) => r.side === root.side)!;
    const offset: [number, number, number] = [b.at[0] - root.at[0], b.at[1] - root.at[1], b.at[2] - root.at[2]];
    airways.push(...companionTree(tree, offset, b.r / root.r, 0.7));
  }
  for (const root of plan.veinRoots) {
    // Superior veins drain the points above the midpoint of the two ostia, inferior ones the rest.
    const pair = plan.veinRoots.filter((v) => v.side === root.side);
    const split = pair.reduce((a, v) => a + v.at[2], 0) / pair.length + 15;
    const ids = idsWhere(veinPts, (i) => veinPts.side[i] === root.side && veinPts.xyz[i * 3 + 2]! > split === root.upper);
    veins.push(...growTree(veinPts.xyz, ids, root.at, root.r, opts, rng));
  }
  const inLung = { clipToLung: true } as const;
  const air = treeTubes(airways);
  return {
    arteries, veins,
    layers: [
      layer('pulmonary arteries (lung)', treeTubes(arteries).shape(), MATERIALS.vessel, Tissue.vessel, 'keep', inLung),
      layer('pulmonary veins (lung)', treeTubes(veins).shape(), MATERIALS.vessel, Tissue.vessel, 'keep', inLung),
      layer('bronchial walls', air.shape(1.25, 0.35), MATERIALS.airwayWall, Tissue.airwayWall, 'keep', inLung),
      layer('bronchial lumen', air.shape(), MATERIALS.airway, Tissue.airway, 'keep', inLung),
    ],
  };
}
