import type { VoxelData } from '../volume/volume';

/** The paper's HU window: everything is clipped to it before the z-score. */
export const CT_CLIP: readonly [number, number] = [-1024, 1000];

export interface IntensityStats {
  readonly mean: number;
  readonly std: number;
  readonly clip: readonly [number, number];
}

/**
 * Mean and standard deviation of the whole clipped scan (the paper's z-score statistics).
 * Sums run in float64 over a histogram-free single pass; a constant scan gets std 1 so the
 * z-score stays finite.
 */
export function clippedStats(data: VoxelData, clip: readonly [number, number] = CT_CLIP): IntensityStats {
  const [lo, hi] = clip;
  let sum = 0;
  let sumSq = 0;
  // Blocks keep float64 partial sums small relative to their increments (no drift on 1e8 voxels).
  const block = 1 << 16;
  for (let start = 0; start < data.length; start += block) {
    let s = 0;
    let s2 = 0;
    const end = Math.min(data.length, start + block);
    for (let q = start; q < end; q++) {
      const raw = data[q]!;
      const v = raw < lo ? lo : raw > hi ? hi : raw;
      s += v;
      s2 += v * v;
    }
    sum += s;
    sumSq += s2;
  }
  const n = Math.max(1, data.length);
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean);
  const std = variance > 1e-12 ? Math.sqrt(variance) : 1;
  return { mean, std, clip: [lo, hi] };
}

/** Clip then z-score into float32, the values the networks see. */
export function applyZScore(data: VoxelData, stats: IntensityStats, out = new Float32Array(data.length)): Float32Array {
  const [lo, hi] = stats.clip;
  const inv = 1 / stats.std;
  for (let q = 0; q < data.length; q++) {
    const raw = data[q]!;
    const v = raw < lo ? lo : raw > hi ? hi : raw;
    out[q] = (v - stats.mean) * inv;
  }
  return out;
}

/** The z-scored value of a raw HU value (e.g. the padding value for air outside the scan). */
export function zScoreOf(hu: number, stats: IntensityStats): number {
  const v = Math.min(stats.clip[1], Math.max(stats.clip[0], hu));
  return (v - stats.mean) / stats.std;
}
