import { applyZScore, clippedStats, CT_CLIP, type IntensityStats } from '../../shared/image/intensity';
import type { Volume } from '../../shared/volume/volume';

export type { IntensityStats };
export { CT_CLIP };

/** The paper's statistics: mean and std of the whole scan after clipping to [-1024, 1000] HU. */
export function ctStats(ct: Volume, clip: readonly [number, number] = CT_CLIP): IntensityStats {
  return clippedStats(ct.data, clip);
}

/**
 * Clip to [-1024, 1000] HU, then z-score with the whole clipped scan's mean and std, on the
 * CT's own grid. (The crops fold the same transform into their resampling pass instead.)
 */
export function normalizeCt(ct: Volume, clip: readonly [number, number] = CT_CLIP): { volume: Volume<Float32Array>; stats: IntensityStats } {
  const stats = clippedStats(ct.data, clip);
  return { volume: { ...ct, data: applyZScore(ct.data, stats) }, stats };
}
