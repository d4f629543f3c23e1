/**
 * How the teacher's probabilities become a mask. A voxel is tumour when
 *   weight * p + (1 - weight) * dense >= threshold,
 * where `dense` is 1 for a voxel inside a drawn box and denser than `denseHu`, else 0. With
 * the defaults (weight 0.6, threshold 0.5) a dense voxel inside a drawn box needs p >= 0.17
 * and any other voxel p >= 0.83: the box and the voxel's density are evidence a reader has
 * too, and the network needs less of its own where they agree. This is what keeps a 4 mm
 * nodule, on which the small teacher is unsure (p about 0.6 at most), from vanishing.
 * The weight was chosen on validation phantoms (seeds 3000-3013) before the held-out ones
 * were scored (docs/pipeline.md); weight 1 is the plain threshold.
 */
export interface TeacherDecisionOptions {
  readonly threshold: number;
  readonly weight: number;
  readonly denseHu: number;
}

export const TEACHER_DECISION: TeacherDecisionOptions = { threshold: 0.5, weight: 0.6, denseHu: -400 };

/**
 * `prob`, `hu` and `inBox` share one grid; `inBox` is non-zero inside the drawn boxes.
 * Voxels where `allowed` is given and zero are never tumour.
 */
export function teacherDecision(
  prob: ArrayLike<number>, hu: ArrayLike<number>, inBox: ArrayLike<number>, o: TeacherDecisionOptions = TEACHER_DECISION, allowed?: ArrayLike<number>,
): Uint8Array {
  if (hu.length !== prob.length || inBox.length !== prob.length || (allowed && allowed.length !== prob.length)) throw new Error('teacherDecision: arrays on different grids');
  if (!(o.weight > 0 && o.weight <= 1)) throw new Error(`teacherDecision: weight ${o.weight} outside (0, 1]`);
  // Solve for p once instead of mixing per voxel: the two thresholds a voxel can face.
  const pDense = (o.threshold - (1 - o.weight)) / o.weight;
  const pOther = o.threshold / o.weight;
  const out = new Uint8Array(prob.length);
  for (let q = 0; q < out.length; q++) {
    if (allowed && !allowed[q]) continue;
    const p = prob[q]!;
    out[q] = p >= (inBox[q] && hu[q]! > o.denseHu ? pDense : pOther) ? 1 : 0;
  }
  return out;
}
