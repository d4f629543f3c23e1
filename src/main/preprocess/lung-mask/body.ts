import { labelComponents, idsBySize } from '../../../shared/image/components';
import { fillHolesPlanar } from '../../../shared/image/morphology';
import { sliceSize, type WorkVolume } from './work-volume';

/** Denser than this is patient (or table); the lungs and the room air are below it. */
export const BODY_HU = -500;

export interface Body {
  /** 1 inside the patient's outline (holes such as the lungs filled), per axial slice. */
  readonly mask: Uint8Array;
  /** Outline area per slice in mm² (0 where no body was found). */
  readonly areaMm2: Float64Array;
  /** Centre of the outline along i (left-right) per slice, NaN where there is none. */
  readonly centreI: Float64Array;
}

/**
 * The patient's outline, slice by slice: the largest 4-connected region denser than -500 HU,
 * with everything it encloses. The table, blankets and arms lying apart drop out; the lungs,
 * trachea and bowel gas are enclosed and so inside.
 */
export function bodyMask(w: WorkVolume): Body {
  const [nx, ny, nz] = w.dims;
  const n = sliceSize(w);
  const mask = new Uint8Array(n * nz);
  const areaMm2 = new Float64Array(nz);
  const centreI = new Float64Array(nz).fill(NaN);
  const tissue = new Uint8Array(n);
  const pixelMm2 = w.spacing[0] * w.spacing[1];
  for (let k = 0; k < nz; k++) {
    const base = k * n;
    for (let q = 0; q < n; q++) tissue[q] = w.data[base + q]! > BODY_HU ? 1 : 0;
    const c = labelComponents(tissue, [nx, ny, 1], 6);
    const largest = idsBySize(c)[0];
    if (largest === undefined) continue;
    for (let q = 0; q < n; q++) tissue[q] = c.labels[q] === largest ? 1 : 0;
    const filled = fillHolesPlanar(tissue, [nx, ny, 1]);
    let count = 0;
    let sumI = 0;
    for (let q = 0; q < n; q++) {
      if (!filled[q]) continue;
      mask[base + q] = 1;
      count++;
      sumI += q % nx;
    }
    areaMm2[k] = count * pixelMm2;
    centreI[k] = count > 0 ? sumI / count : NaN;
  }
  return { mask, areaMm2, centreI };
}
