import { abdomenLayers } from './anatomy/abdomen';
import { effusionLayers, findingLayers } from './anatomy/findings';
import { fissureLayers } from './anatomy/fissures';
import { layer } from './anatomy/layer';
import { lungTrees } from './anatomy/lung-vessels';
import { paintLungGrid, sampleLungGrid } from './lung-grid';
import { lungMaterial, MATERIALS } from './anatomy/materials';
import { mediastinumPlan } from './anatomy/mediastinum';
import type { Patient } from './anatomy/patient';
import { skeletonLayers } from './anatomy/skeleton';
import { buildTrunk } from './anatomy/trunk';
import { planTumors, type TumorSpec } from './anatomy/tumors';
import { Rng } from '../../shared/random';
import type { Layer, Scene } from './scene';
import { Tissue } from './tissues';

export interface SceneOptions {
  /** Anatomical z range the scan covers (mm). */
  readonly zBottom: number;
  readonly zTop: number;
  readonly tumors: number;
  /** Smallest tumour diameter worth drawing at this resolution (mm). */
  readonly minTumorMm: number;
  /** Lung points per lung that the vessel trees are grown to: fewer for coarse grids. */
  readonly treePoints: number;
  /** Seed for what changes between scans of one patient (texture). */
  readonly scanSeed: number;
  /** Tumour size factor of this scan (a follow-up scan of the same patient shows them grown or shrunk). */
  readonly growth: number;
}

export interface PlannedScene {
  readonly scene: Scene;
  readonly tumors: readonly TumorSpec[];
}

/** Assembles one patient's painter's list: body wall, lungs, abdomen, mediastinum, bones, lung trees, tumours. */
export function buildScene(p: Patient, o: SceneOptions): PlannedScene {
  const trunk = buildTrunk(p, o.zBottom, o.zTop);
  const lung = lungMaterial(p.lungHu);
  const base: Layer[] = [
    layer('table', trunk.table, MATERIALS.table, Tissue.table),
    layer('table foam', trunk.tableFoam, MATERIALS.foam, Tissue.table),
    layer('skin', trunk.body, MATERIALS.skin, Tissue.skin),
    layer('subcutaneous fat', trunk.fat, MATERIALS.fat, Tissue.fat),
    layer('chest wall muscle', trunk.muscle, MATERIALS.muscle, Tissue.muscle),
    layer('intermuscular fat', trunk.fascia, MATERIALS.fat, Tissue.fat),
    layer('deep chest wall muscle', trunk.fasciaInner, MATERIALS.muscle, Tissue.muscle),
    layer('lungs', trunk.cavity, lung, Tissue.lung, 'side', { save: 'cavity' }),
    layer('right apex', trunk.apexRight, lung, Tissue.lung, 'right'),
    layer('left apex', trunk.apexLeft, lung, Tissue.lung, 'left'),
    ...abdomenLayers(p),
  ];
  const med = mediastinumPlan(p, o.zBottom, o.zTop);
  const carving = [...base, ...effusionLayers(p, Rng.derive(p.seed, 'effusion')), ...med.layers];
  const skeleton = skeletonLayers(p, trunk, o.zBottom, o.zTop);
  // Trees belong to the patient; only tumours and texture change between that patient's scans.
  const treeRng = Rng.derive(p.seed, 'trees');
  const lungGrid = paintLungGrid(carving, { x: 175 * p.sx, y0: -125 * p.sy, y1: 120 * p.sy, z0: -250 * p.sz, z1: 125 * p.sz }, 3);
  const arteryPts = sampleLungGrid(lungGrid, o.treePoints, treeRng);
  const veinPts = sampleLungGrid(lungGrid, o.treePoints, treeRng);
  const trees = lungTrees(med, arteryPts, veinPts, 0.3, treeRng);
  const tumorRng = Rng.derive(p.seed, 'tumors', o.tumors);
  const tumors = planTumors(
    { layers: carving, points: arteryPts, vessels: [...trees.arteries, ...trees.veins], wallRadius: trunk.wallRadius },
    o.tumors, o.minTumorMm, o.growth, tumorRng,
  );
  const fissures = fissureLayers(p, Rng.derive(p.seed, 'fissures'));
  const findings = findingLayers(p, { points: veinPts, aortaPath: med.aortaPath, vessels: trees.arteries, wallRadius: trunk.wallRadius }, Rng.derive(p.seed, 'findings'));
  const layers = [...carving, ...skeleton, ...fissures, ...trees.layers, ...findings, ...tumors.layers];
  return {
    scene: { layers, textureSeed: Rng.derive(o.scanSeed, 'texture').u32(), bounds: { zMin: o.zBottom, zMax: o.zTop } },
    tumors: tumors.specs,
  };
}
