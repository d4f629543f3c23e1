import type { Material } from '../tissues';

/**
 * Unenhanced CT attenuation of each tissue (HU) and its texture. Values follow textbook
 * ranges; blood, heart, muscle, liver and solid tumour overlap (30..60 HU) as on a real scan,
 * so intensity alone cannot separate a tumour from a vessel or the chest wall.
 */
export const MATERIALS = {
  air: { hu: -1000 },
  skin: { hu: 20, coarse: 8, fine: 5 },
  fat: { hu: -102, coarse: 9, fine: 6 },
  muscle: { hu: 38, coarse: 10, fine: 6 },
  cortex: { hu: 980, coarse: 90, fine: 40 },
  ribCortex: { hu: 860, coarse: 90, fine: 40 },
  marrow: { hu: 240, coarse: 55, fine: 30 },
  cartilage: { hu: 120, coarse: 45, fine: 20 },
  disc: { hu: 85, coarse: 8, fine: 5 },
  canal: { hu: 28, coarse: 3 },
  mediastinalFat: { hu: -92, coarse: 12, fine: 6 },
  blood: { hu: 38, coarse: 4, fine: 2 },
  myocardium: { hu: 40, coarse: 5, fine: 3 },
  vessel: { hu: 40, coarse: 4 },
  airway: { hu: -985, coarse: 6 },
  airwayWall: { hu: 35, coarse: 5 },
  liver: { hu: 55, coarse: 6, fine: 3 },
  spleen: { hu: 48, coarse: 4, fine: 3 },
  stomach: { hu: 18, coarse: 10, fine: 4 },
  gland: { hu: 10, coarse: 35, fine: 20 },
  thyroid: { hu: 95, coarse: 8, fine: 4 },
  table: { hu: 210, coarse: 10 },
  foam: { hu: -930, coarse: 8 },
  fissure: { hu: -60 },
} satisfies Record<string, Material>;

/** Lung parenchyma: denser toward the back (gravity), with a patient-specific offset. */
export function lungMaterial(offset: number): Material {
  return { hu: -860 + offset, gradient: 0.32, gradientY0: 0, coarse: 17, fine: 9 };
}
