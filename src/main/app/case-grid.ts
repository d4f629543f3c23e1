import { mat3Column } from '../../shared/volume/mat3';
import { reorient } from '../../shared/volume/orientation';
import type { Geometry } from '../../shared/volume/geometry';
import { geometryOf, type Volume } from '../../shared/volume/volume';
import type { LoadedCt } from '../io/load-ct';

export interface CaseGridVolume {
  /** The CT reoriented to LPS: the grid of every mask, box and view of the case. */
  readonly volume: Volume;
  readonly nativeGeometry: Geometry;
  /** SOPInstanceUID of each slice k of the case grid (null when not DICOM or not axial). */
  readonly sliceUids: (string | null)[];
}

/**
 * Puts a loaded CT on its case grid. Reorienting only permutes and flips axes, so each case
 * slice is still one original slice when the acquisition was axial; the UID of slice k is
 * found through the slice axis and its direction.
 */
export function toCaseGrid(ct: LoadedCt): CaseGridVolume {
  const native = ct.volume;
  const volume = reorient(native, 'LPS');
  const nz = volume.dims[2];
  const slices = ct.dicom?.slices;
  let sliceUids: (string | null)[] = new Array<string | null>(nz).fill(null);
  if (slices && slices.length === native.dims[2]) {
    const a = mat3Column(native.direction, 2);
    const b = mat3Column(volume.direction, 2);
    const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    if (Math.abs(dot) > 0.99 && native.dims[2] === nz) {
      sliceUids = Array.from({ length: nz }, (_, k) => slices[dot > 0 ? k : nz - 1 - k]?.sopInstanceUid ?? null);
    }
  }
  return { volume, nativeGeometry: geometryOf(native), sliceUids };
}
