import { labelBoundingBox } from '../../../shared/image/crop-box';
import { close, fillHolesPlanar } from '../../../shared/image/morphology';
import type { Vec3 } from '../../../shared/volume/mat3';
import { LEFT, RIGHT } from './split';
import type { WorkVolume } from './work-volume';

export interface RefineOptions {
  /**
   * Radius (mm) of the ball rolled around each lung (a 3D closing): hilar vessels and tumours
   * against the pleura or the mediastinum, in pockets narrower than about twice this, are taken
   * into the lung; the heart, the liver dome and the spine, whose concavities are much wider
   * or open downward, stay out.
   */
  readonly closingMm: number;
}

/**
 * Turns each lung's air into the lung: a 3D closing with a ball (juxta-pleural and juxta-
 * mediastinal tumours, hilar vessels) and a per-slice hole fill (vessels, intrapulmonary
 * bronchi, nodules inside the lung), kept inside the body and off the other lung. The trachea
 * and main bronchi stay out unless a lung encloses them. Each lung is processed in its own
 * bounding box grown by the radius, which is all a closing can touch.
 */
export function refineLungs(w: WorkVolume, sides: Uint8Array, body: Uint8Array, airways: Uint8Array, options: RefineOptions): Uint8Array {
  const out = new Uint8Array(sides.length);
  const [nx, ny] = w.dims;
  for (const label of [RIGHT, LEFT]) {
    const box = labelBoundingBox(sides, w.dims, label);
    if (!box) continue;
    const lo = [0, 1, 2].map((a) => Math.max(0, box.lo[a]! - Math.ceil(options.closingMm / w.spacing[a]!) - 1));
    const hi = [0, 1, 2].map((a) => Math.min(w.dims[a]! - 1, box.hi[a]! + Math.ceil(options.closingMm / w.spacing[a]!) + 1));
    const dims: Vec3 = [hi[0]! - lo[0]! + 1, hi[1]! - lo[1]! + 1, hi[2]! - lo[2]! + 1];
    const at = (i: number, j: number, k: number) => lo[0]! + i + nx * (lo[1]! + j + ny * (lo[2]! + k));
    const lung = new Uint8Array(dims[0] * dims[1] * dims[2]);
    let p = 0;
    for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, p++) lung[p] = sides[at(i, j, k)] === label ? 1 : 0;
    const enclosed = fillHolesPlanar(lung, dims);
    const closed = fillHolesPlanar(close(enclosed, { dims, spacing: w.spacing }, options.closingMm), dims);
    p = 0;
    for (let k = 0; k < dims[2]; k++) {
      for (let j = 0; j < dims[1]; j++) {
        for (let i = 0; i < dims[0]; i++, p++) {
          if (!closed[p]) continue;
          const q = at(i, j, k);
          if (!body[q] || (airways[q] && !enclosed[p])) continue;
          // Never take the other lung's air; a contested non-air voxel stays with the first lung.
          if (sides[q] !== 0 && sides[q] !== label) continue;
          if (out[q] && sides[q] !== label) continue;
          out[q] = label;
        }
      }
    }
  }
  return out;
}
