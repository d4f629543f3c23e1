import type { BoxSet } from '../../shared/boxes/types';
import { centredCropBox } from '../../shared/image/crop-box';
import { NETWORK_SPACING, resampledGeometry, subGrid } from '../../shared/image/grid';
import { clippedStats, zScoreOf, type IntensityStats } from '../../shared/image/intensity';
import { boxesToMask } from '../../shared/masks/box-mask';
import { fail, ok, type Result } from '../../shared/result';
import type { Vec3 } from '../../shared/volume/mat3';
import { geometryOf, type Volume } from '../../shared/volume/volume';
import type { ParallelOptions } from '../parallel/kernels';
import { boxOnGrid } from './crop-grid';
import type { CropTransform } from './paste-back';
import { resampleOnto } from './resample';

/** The teacher sees a 128^3 cube (three stride-2 levels: 128 -> 16). */
export const TEACHER_SIZE = 128;

export interface TeacherCropOptions extends ParallelOptions {
  readonly size?: number;
  readonly stats?: IntensityStats;
}

export interface TeacherCrop {
  readonly tumor: number;
  /** Channel 0: clipped, z-scored CT on the crop grid. */
  readonly ct: Volume<Float32Array>;
  /** Channel 1: each axial box of the tumour filled with 1 (nearest-neighbour through world coordinates). */
  readonly boxMask: Volume<Float32Array>;
  /** Both channels, channel first then k, j, i (the network's [1, 2, D, H, W] layout). */
  readonly input: Float32Array;
  readonly transform: CropTransform;
  readonly start: Vec3;
  readonly warnings: string[];
}

/**
 * The teacher's input for one tumour: a 128^3 cube on the 1 x 1 x 1.5 mm grid centred on the
 * union of the tumour's boxes (mapped through world coordinates from the boxes' own grid),
 * padded with air where it leaves the scan, with the box mask as the second channel.
 */
export async function teacherCrop(ct: Volume, boxes: BoxSet, tumor: number, options: TeacherCropOptions = {}): Promise<Result<TeacherCrop>> {
  const mine = boxes.boxes.filter((b) => b.tumor === tumor);
  if (mine.length === 0) {
    const known = [...new Set(boxes.boxes.map((b) => b.tumor))].sort((a, b) => a - b);
    return fail(`no box belongs to tumour ${tumor} (tumours in the file: ${known.join(', ') || 'none'})`);
  }
  const size = options.size ?? TEACHER_SIZE;
  const resampled = resampledGeometry(ct, NETWORK_SPACING);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const b of mine) {
    const r = boxOnGrid(boxes.grid, { lo: [b.i0, b.j0, b.k], hi: [b.i1, b.j1, b.k] }, resampled);
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, r.min[a]!);
      max[a] = Math.max(max[a]!, r.max[a]!);
    }
  }
  const warnings: string[] = [];
  const extent = [0, 1, 2].map((a) => max[a]! - min[a]!);
  if (extent.some((e) => e > size)) {
    warnings.push(`tumour ${tumor}'s boxes span ${extent.map((e) => Math.round(e)).join(' x ')} voxels at 1 x 1 x 1.5 mm, more than the ${size}^3 crop: its edges are cut`);
  }
  const inside = [0, 1, 2].every((a) => max[a]! > -0.5 && min[a]! < resampled.dims[a]! - 0.5);
  if (!inside) return fail(`tumour ${tumor}'s boxes lie outside the CT: the box file does not belong to this scan`);
  const centre = [0, 1, 2].map((a) => (min[a]! + max[a]!) / 2) as unknown as Vec3;
  const { start, dims } = centredCropBox(centre, size);
  const crop = subGrid(resampled, start, dims);
  const stats = options.stats ?? clippedStats(ct.data);
  const ctCrop = (await resampleOnto(ct, crop, 'linear', {
    clip: stats.clip, scale: 1 / stats.std, offset: -stats.mean / stats.std, fill: zScoreOf(stats.clip[0], stats), outType: 'float32',
    ...(options.threads ? { threads: options.threads } : {}), sourceIsImmutable: true,
  })) as Volume<Float32Array>;
  const mask = boxesToMask(boxes, crop, { tumor });
  const boxMask: Volume<Float32Array> = { ...crop, data: Float32Array.from(mask.data) };
  const input = new Float32Array(ctCrop.data.length * 2);
  input.set(ctCrop.data, 0);
  input.set(boxMask.data, ctCrop.data.length);
  return ok({ tumor, ct: ctCrop, boxMask, input, transform: { crop, target: geometryOf(ct) }, start, warnings });
}
