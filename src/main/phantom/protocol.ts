import type { Patient } from './anatomy/patient';
import { vertebraLevels } from './anatomy/spine-geometry';
import { Rng } from '../../shared/random';

export type PhantomSize = 'small' | 'full';
export type Kernel = 'soft' | 'sharp';

/** How one scan was acquired and reconstructed. Anatomical z maps to world z by adding `offset[2]`. */
export interface ScanProtocol {
  readonly size: PhantomSize;
  readonly matrix: number;
  readonly pixelMm: number;
  readonly sliceSpacing: number;
  readonly sliceThickness: number;
  readonly slices: number;
  readonly kernel: Kernel;
  /** Anatomical z of slice 0 (the most inferior). */
  readonly zBottom: number;
  /** Anatomical x, y of the reconstruction centre. */
  readonly centre: readonly [number, number];
  /** World (LPS) position = anatomical position + offset. */
  readonly offset: readonly [number, number, number];
  /** Noise standard deviation in a uniform region (HU). */
  readonly noiseHu: number;
  readonly kvp: number;
  readonly mAs: number;
}

export interface ProtocolOverrides {
  readonly sliceSpacing?: number;
  readonly sliceThickness?: number;
  readonly slices?: number;
  readonly kernel?: Kernel;
  readonly pixelMm?: number;
}

const SPACINGS = [0.625, 1, 1.25, 1.5, 2, 2.5, 3, 5];
const SPACING_WEIGHTS = [0.5, 2, 1.5, 0.6, 0.8, 1.2, 0.8, 2];

/** Noise at 0.7 x 0.7 x 1 mm for an average adult, by kernel (soft ~ B40f, sharp ~ B70f), scaled so 8 mm slices match the air noise of Lung-PET-CT-Dx A0002 (10.8 and 23.7 HU). */
const REFERENCE_NOISE: Record<Kernel, number> = { soft: 26, sharp: 68 };

export function sampleProtocol(p: Patient, scanSeed: number, size: PhantomSize, o: ProtocolOverrides = {}): ScanProtocol {
  const r = Rng.derive(scanSeed, 'protocol');
  const matrix = size === 'small' ? 160 : 512;
  // Field of view: the body's widest part (shoulders or lower chest) plus a small margin, as a
  // technologist sets it; the skin may touch the edge of the reconstruction circle.
  const bodyWidth = 2 * (152 * p.sx + 18 * p.fat + 6);
  const fov = Math.max(bodyWidth * r.range(0.98, 1.1), 300);
  const pixelMm = o.pixelMm ?? (size === 'small' ? fov / matrix : Math.min(0.9, Math.max(0.6, fov / matrix)));
  const kernel = o.kernel ?? (r.chance(0.55) ? 'soft' : 'sharp');
  let spacing: number = o.sliceSpacing ?? (size === 'small' ? 5 : SPACINGS[r.weighted(SPACING_WEIGHTS)]!);
  // From above the lung apices to below the posterior costophrenic recesses.
  const levels = vertebraLevels(p);
  const apex = 113 * p.sz;
  const zTop = apex + (size === 'small' ? r.range(4, 12) : r.range(8, 30));
  const lowest = Math.min(levels.find((l) => l.name === 'L1')!.zCentre, (p.domeRight - 95) * p.sz);
  let zBottom = lowest - (size === 'small' ? r.range(0, 8) : r.range(5, 30));
  let slices = Math.floor((zTop - zBottom) / spacing) + 1;
  if (o.slices !== undefined) {
    slices = o.slices;
    if (o.sliceSpacing === undefined) spacing = (zTop - zBottom) / Math.max(1, slices - 1);
    zBottom = (zTop + zBottom) / 2 - ((slices - 1) * spacing) / 2;
  }
  // Mostly contiguous slices; sometimes overlapping reconstructions (thicker than the spacing).
  // A spacing derived from a slice count can be large: slices stay at most 10 mm thick.
  const thickness = o.sliceThickness ?? Math.min(10, size === 'small' || r.chance(0.8) ? spacing : Math.min(5, spacing * r.pick([1.25, 1.5, 2])));
  const voxel = (0.7 * 0.7 * 1) / (pixelMm * pixelMm * thickness);
  const habitus = Math.exp(1.3 * (p.sx * p.sy - 1) + 0.25 * (p.fat - 1));
  const mAs = Math.round(r.range(80, 250));
  const dose = Math.sqrt(150 / mAs);
  const noiseHu = REFERENCE_NOISE[kernel] * Math.max(0.3, Math.sqrt(voxel)) * habitus * dose;
  return {
    size, matrix, pixelMm, sliceSpacing: spacing, sliceThickness: thickness, slices, kernel, zBottom,
    centre: [r.gauss(0, 6), r.gauss(12, 8)],
    offset: [r.gauss(0, 3), r.gauss(-10, 20), r.range(-650, -80) - zTop],
    noiseHu, kvp: 120, mAs,
  };
}
