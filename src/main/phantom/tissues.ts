/**
 * Tissue classes the generator paints. The per-voxel tissue map (the class covering the voxel
 * centre) lets tests check HU statistics per tissue; it is not a clinical label set.
 */
export const Tissue = {
  air: 0,
  table: 1,
  skin: 2,
  fat: 3,
  muscle: 4,
  boneCortex: 5,
  boneMarrow: 6,
  cartilage: 7,
  lung: 8,
  vessel: 9,
  airway: 10,
  airwayWall: 11,
  mediastinalFat: 12,
  heart: 13,
  greatVessel: 14,
  liver: 15,
  spleen: 16,
  stomach: 17,
  tumor: 18,
  groundGlass: 19,
  disc: 20,
  spinalCanal: 21,
  gland: 22,
  fissure: 23,
  fluid: 24,
  lymphNode: 25,
  calcification: 26,
  atelectasis: 27,
  emphysema: 28,
} as const;

export type TissueId = (typeof Tissue)[keyof typeof Tissue];

export const TISSUE_NAMES: readonly string[] = Object.entries(Tissue)
  .sort((a, b) => a[1] - b[1])
  .map(([name]) => name);

/**
 * A tissue's attenuation before blur and noise: a base HU, an optional front-to-back gradient
 * (lungs are denser where they hang), and the amplitudes of coarse (~12 mm) and fine (~3 mm)
 * texture. Spreads are chosen from published CT ranges (fat -120..-80, muscle 35..55, liver
 * 50..65 unenhanced, blood 35..50, cortical bone up to ~1000, lung -900..-750).
 */
export interface Material {
  readonly hu: number;
  readonly coarse?: number;
  readonly fine?: number;
  /** HU added per mm toward posterior, measured from `gradientY0`. */
  readonly gradient?: number;
  readonly gradientY0?: number;
}
