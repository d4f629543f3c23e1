import { fail, ok, type Result } from '../../../shared/result';
import type { CancelSignal, JobRun, ProgressSink } from '../../../shared/job';
import { CANCELLED, ignoreProgress } from '../../../shared/job';
import type { Vec3 } from '../../../shared/volume/mat3';
import { geometryOf, type Mask, type Volume } from '../../../shared/volume/volume';
import { lpsAxes, lpsGeometry } from '../../../shared/image/grid';
import { blockIndexLookup } from '../../../shared/image/block-upsample';
import { forEachNonZeroSpan } from '../../../shared/image/nonzero';
import { blockAverageLps, upsampleLabelsLps, type ParallelOptions } from '../../parallel/kernels';
import { refineEdgeOnCt } from './edge-on-ct';
import { addDenseRim } from './dense-rim';
import { segmentLungsOnWorkGrid, type LungMaskOptions, type LungMaskStats } from './segment-work';

/** Label values of the lung mask, in patient terms whatever the file's orientation. */
export const LUNG_LABELS = { right: 1, left: 2 } as const;

// The steps run on blocks averaged to about this spacing: fine enough for a 2-3 cm juxta-
// pleural tumour and the junction lines, coarse enough to stay within a few seconds.
const WORK_SPACING_MM = 2;

export interface ComputeLungMaskOptions extends LungMaskOptions, ParallelOptions {
  readonly progress?: ProgressSink;
  readonly signal?: CancelSignal;
}

export interface LungMaskResult {
  /** 0 background, 1 right lung, 2 left lung, on the CT's own grid. */
  readonly mask: Mask;
  readonly warnings: string[];
  readonly stats: LungMaskStats & { readonly seconds: number };
}

/** Integer block factors bringing each axis near the work spacing (1 where it already is coarser). */
export function workFactors(spacing: Vec3): Vec3 {
  const f = (s: number) => Math.max(1, Math.round(WORK_SPACING_MM / s));
  return [f(spacing[0]), f(spacing[1]), f(spacing[2])];
}

/**
 * Lungs of a CT without a neural network: body outline, air inside it, trachea and main
 * bronchi tracked and removed, bowel gas and skin folds rejected, right and left lungs labelled
 * (and separated where they touch), vessels, hilum and pleural or mediastinal tumours filled
 * in. Runs on ~2 mm blocks in LPS order; the labels come back onto the CT's own grid by
 * linear-then-threshold interpolation. A CT with no lung gives an empty mask and a warning.
 */
export async function computeLungMask(ct: Volume, options: ComputeLungMaskOptions = {}): Promise<Result<LungMaskResult>> {
  const started = performance.now();
  const progress = options.progress ?? ignoreProgress;
  const cancelled = () => options.signal?.aborted === true;
  if (ct.data.length === 0) return fail('the CT has no voxels');
  const warnings: string[] = [];
  if (!hasAir(ct.data)) warnings.push('no voxel is darker than -500: the image does not look like a CT in Hounsfield units');

  progress({ stage: 'lung mask', fraction: 0, message: 'averaging to the work grid' });
  const factors = workFactors(lpsGeometry(ct).spacing);
  const work = await blockAverageLps(ct, factors, { sourceIsImmutable: true, ...options });
  if (cancelled()) return fail(CANCELLED);
  progress({ stage: 'lung mask', fraction: 0.2, message: 'segmenting the lungs' });
  const lungs = segmentLungsOnWorkGrid(work, options);
  if (cancelled()) return fail(CANCELLED);
  progress({ stage: 'lung mask', fraction: 0.8, message: 'mapping the labels onto the CT grid' });
  const onCt: Mask = { ...geometryOf(ct), data: await upsampleLabelsLps(lungs.labels, work.dims, factors, ct, options) };
  if (options.edgeOnCt !== false) {
    const { axes, flip } = lpsAxes(ct);
    const blockOf = blockIndexLookup(ct.dims, axes, flip, factors, work.dims);
    const growable = (q: number) => lungs.growable[blockOf(q)] === 1;
    refineEdgeOnCt(ct.data, onCt.data, ct.dims, ct.spacing, growable);
    if (options.denseRim !== false) addDenseRim(ct.data, onCt.data, ct.dims, ct.spacing, growable);
  }
  progress({ stage: 'lung mask', fraction: 1, message: 'lung mask done' });
  // Volumes as they end up on the CT grid, the mask a user sees.
  const counts = countLabels(onCt.data);
  const ml = (ct.spacing[0] * ct.spacing[1] * ct.spacing[2]) / 1000;
  return ok({
    mask: onCt,
    warnings: [...warnings, ...lungs.warnings],
    stats: {
      ...lungs.stats,
      rightMl: Math.round(counts[1]! * ml * 10) / 10,
      leftMl: Math.round(counts[2]! * ml * 10) / 10,
      seconds: Math.round(performance.now() - started) / 1000,
    },
  });
}

/** Voxels of labels 1 and 2 (index 0 unused). */
function countLabels(labels: Uint8Array): Float64Array {
  const counts = new Float64Array(3);
  forEachNonZeroSpan(labels, (start, end) => {
    for (let q = start; q < end; q++) {
      const v = labels[q]!;
      if (v === 1 || v === 2) counts[v] = counts[v]! + 1;
    }
  });
  return counts;
}

function hasAir(data: ArrayLike<number>): boolean {
  const step = Math.max(1, Math.floor(data.length / 1_000_000));
  for (let q = 0; q < data.length; q += step) if (data[q]! < -500) return true;
  return false;
}

/** The lung mask as a job (progress, cancel), for the job runner and the workstation. */
export const lungMaskJob: JobRun<Volume, LungMaskResult> = (ct, progress, signal) => computeLungMask(ct, { progress, signal });
