import { fail, ok, type Result } from '../../shared/result';
import { sameGeometry } from '../../shared/volume/geometry';
import { reorient } from '../../shared/volume/orientation';
import type { Volume } from '../../shared/volume/volume';
import { encodePng, type RasterImage } from './png';
import { grayIfPossible, shrinkToWidth } from './resize';
import { extractView, sliceCount, type ViewName } from './views';
import { applyWindow, montage, overlayLabels, WINDOWS, type WindowName } from './window';

export type SnapshotView = ViewName | 'all';

export interface SnapshotOptions {
  readonly view: SnapshotView;
  /** Slice index along the view's axis on the LPS grid; default: through the tumour (with `atTumor`) or the middle. */
  readonly slice?: number;
  readonly atTumor?: boolean;
  /** Show the slices through this LPS voxel (i, j, k): axial k, coronal j, sagittal i. */
  readonly atVoxel?: readonly [number, number, number];
  readonly window: WindowName;
  /** Shrink the picture to at most this many pixels wide. */
  readonly maxWidth?: number;
}

export interface Snapshot {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** The slice shown per view (LPS grid indices: axial k, coronal j, sagittal i). */
  readonly slices: Partial<Record<ViewName, number>>;
}

const VIEWS: readonly ViewName[] = ['axial', 'coronal', 'sagittal'];

/** Index (i, j, k) of the mask's largest cross-section per view, or undefined when the mask is empty. */
function tumorSlices(mask: Volume): Record<ViewName, number> | undefined {
  const [nx, ny, nz] = mask.dims;
  const ai = new Float64Array(nx), aj = new Float64Array(ny), ak = new Float64Array(nz);
  let any = false;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (mask.data[i + nx * (j + ny * k)]! > 0) {
          any = true;
          ai[i]!++; aj[j]!++; ak[k]!++;
        }
      }
    }
  }
  if (!any) return undefined;
  const argmax = (a: Float64Array) => a.indexOf(Math.max(...a));
  return { axial: argmax(ak), coronal: argmax(aj), sagittal: argmax(ai) };
}

/**
 * Renders a CT (and optionally a label mask on the same grid) as a PNG in radiological
 * convention. Both are reoriented to LPS first, so any input orientation displays the same way.
 */
export function renderSnapshot(ctIn: Volume, maskIn: Volume | undefined, o: SnapshotOptions): Result<Snapshot> {
  if (maskIn && !sameGeometry(ctIn, maskIn, 1e-3)) return fail('the mask is not on the CT\'s grid (dimensions, spacing, origin or direction differ)');
  const ct = reorient(ctIn, 'LPS');
  const mask = maskIn ? reorient(maskIn, 'LPS') : undefined;
  const views = o.view === 'all' ? VIEWS : [o.view];
  let at: Record<ViewName, number> = { axial: Math.floor(ct.dims[2] / 2), coronal: Math.floor(ct.dims[1] / 2), sagittal: Math.floor(ct.dims[0] / 2) };
  if (o.atVoxel) at = { axial: o.atVoxel[2], coronal: o.atVoxel[1], sagittal: o.atVoxel[0] };
  if (o.atTumor) {
    if (!mask) return fail('--at tumor needs a mask (--mask)');
    const t = tumorSlices(mask);
    if (!t) return fail('--at tumor: the mask is empty');
    at = t;
  }
  const images: RasterImage[] = [];
  const slices: Partial<Record<ViewName, number>> = {};
  const w = WINDOWS[o.window];
  for (const v of views) {
    const s = o.slice ?? at[v];
    if (!Number.isInteger(s) || s < 0 || s >= sliceCount(ct, v)) return fail(`slice ${s} is outside the ${v} range 0..${sliceCount(ct, v) - 1}`);
    slices[v] = s;
    let img = applyWindow(extractView(ct, v, s), w.centre, w.width);
    if (mask) img = overlayLabels(img, extractView(mask, v, s, true));
    images.push(img);
  }
  const full = images.length === 1 ? images[0]! : montage(images);
  const img = grayIfPossible(o.maxWidth ? shrinkToWidth(full, o.maxWidth) : full);
  return ok({ png: encodePng(img), width: img.width, height: img.height, slices });
}
