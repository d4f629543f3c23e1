import { paddedCropBox } from '../../shared/image/crop-box';
import { NETWORK_SPACING, resampledGeometry, subGrid } from '../../shared/image/grid';
import { clippedStats, zScoreOf, type IntensityStats } from '../../shared/image/intensity';
import { fail, ok, type Result } from '../../shared/result';
import { sameGeometry, type Geometry } from '../../shared/volume/geometry';
import type { Vec3 } from '../../shared/volume/mat3';
import { geometryOf, type Mask, type Volume } from '../../shared/volume/volume';
import type { ParallelOptions } from '../parallel/kernels';
import { boxOnGrid, coveringIndexBox, labelBoxes } from './crop-grid';
import type { CropTransform } from './paste-back';
import { resampleOnto } from './resample';
import { LUNG_LABELS } from './lung-mask/compute';

/** Student crops are padded to this multiple: four stride-2 levels need 16. */
export const STUDENT_MULTIPLE = 16;
export const STUDENT_MARGIN_MM = 10;

export interface StudentCropOptions extends ParallelOptions {
  readonly marginMm?: number;
  readonly multiple?: number;
  /** Statistics to z-score with (default: the whole clipped scan, as the paper). */
  readonly stats?: IntensityStats;
}

export interface StudentCrop {
  readonly side: 'right' | 'left';
  readonly label: 1 | 2;
  /** Clipped, z-scored CT on the crop grid (1 x 1 x 1.5 mm, LPS order, sizes multiples of 16). */
  readonly input: Volume<Float32Array>;
  readonly transform: CropTransform;
  /** Where the crop sits on the resampled grid (its first voxel may be negative: padding). */
  readonly start: Vec3;
}

export interface StudentCrops {
  readonly crops: StudentCrop[];
  readonly stats: IntensityStats;
  /** The whole-scan 1 x 1 x 1.5 mm grid the crops are cut from. */
  readonly resampled: Geometry;
}

/**
 * The student's inputs: each lung's bounding box plus a margin, on the 1 x 1 x 1.5 mm grid,
 * grown to a multiple of 16 (evenly on both sides), sampled straight from the CT through
 * geometry (no whole-scan resample, no resize), clipped and z-scored in the same pass. Space
 * beyond the scan is padded with air. One lung gives one crop; none is a failure naming why.
 */
export async function studentCrops(ct: Volume, lungs: Mask, options: StudentCropOptions = {}): Promise<Result<StudentCrops>> {
  if (!sameGeometry(ct, lungs, 1e-3)) return fail('the lung mask is not on the CT grid (different size, spacing or position)');
  const boxes = labelBoxes(lungs.data, lungs.dims, 2);
  const stats = options.stats ?? clippedStats(ct.data);
  const resampled = resampledGeometry(ct, NETWORK_SPACING);
  const marginMm = options.marginMm ?? STUDENT_MARGIN_MM;
  const margin = resampled.spacing.map((s) => Math.ceil(marginMm / s)) as unknown as Vec3;
  const crops: StudentCrop[] = [];
  for (const [side, label] of [['right', LUNG_LABELS.right], ['left', LUNG_LABELS.left]] as const) {
    const box = boxes[label];
    if (!box) continue;
    const onGrid = coveringIndexBox(boxOnGrid(lungs, box, resampled));
    const { start, dims } = paddedCropBox(onGrid, margin, options.multiple ?? STUDENT_MULTIPLE);
    const crop = subGrid(resampled, start, dims);
    const input = await resampleOnto(ct, crop, 'linear', {
      clip: stats.clip, scale: 1 / stats.std, offset: -stats.mean / stats.std, fill: zScoreOf(stats.clip[0], stats), outType: 'float32',
      ...(options.threads ? { threads: options.threads } : {}), sourceIsImmutable: true,
    });
    crops.push({ side, label, input: input as Volume<Float32Array>, transform: { crop, target: geometryOf(ct) }, start });
  }
  if (crops.length === 0) return fail('the lung mask holds no lung (labels 1 = right, 2 = left): the student has nothing to crop');
  return ok({ crops, stats, resampled });
}
