import type { Volume, VoxelData } from '../../shared/volume/volume';

export type ViewName = 'axial' | 'coronal' | 'sagittal';

/**
 * A 2D cut through an LPS volume in radiological display convention: axial and coronal show the
 * patient's right on the image's left; axial has anterior at the top; coronal and sagittal have
 * superior at the top; sagittal has anterior on the left. Pixels are resampled (linear along
 * the slice axis) to square pixels of `pixelMm`, so thick slices do not squash the picture.
 */
export interface ViewImage {
  readonly width: number;
  readonly height: number;
  readonly pixelMm: number;
  /** Scalar values, rows top to bottom. */
  readonly values: Float32Array;
}

export function sliceCount(v: Volume, view: ViewName): number {
  return view === 'axial' ? v.dims[2] : view === 'coronal' ? v.dims[1] : v.dims[0];
}

/** Index along the view's slice axis of a world-free position: axial k, coronal j, sagittal i. */
export function extractView(v: Volume<VoxelData>, view: ViewName, slice: number, nearest = false): ViewImage {
  const [nx, ny, nz] = v.dims;
  const [sx, sy, sz] = v.spacing;
  const d = v.data;
  if (view === 'axial') {
    const k = Math.min(nz - 1, Math.max(0, slice));
    const pixelMm = Math.min(sx, sy);
    return resample2d(nx, ny, sx, sy, pixelMm, (i, j) => d[i + nx * (j + ny * k)]!, nearest);
  }
  const pixelMm = view === 'coronal' ? Math.min(sx, sz) : Math.min(sy, sz);
  if (view === 'coronal') {
    const j = Math.min(ny - 1, Math.max(0, slice));
    // Rows run from the top slice (superior) down.
    return resample2d(nx, nz, sx, sz, pixelMm, (i, r) => d[i + nx * (j + ny * (nz - 1 - r))]!, nearest);
  }
  const i = Math.min(nx - 1, Math.max(0, slice));
  return resample2d(ny, nz, sy, sz, pixelMm, (j, r) => d[i + nx * (j + ny * (nz - 1 - r))]!, nearest);
}

function resample2d(
  w: number, h: number, su: number, sv: number, pixelMm: number, at: (u: number, v: number) => number, nearest: boolean,
): ViewImage {
  const width = Math.max(1, Math.round((w * su) / pixelMm));
  const height = Math.max(1, Math.round((h * sv) / pixelMm));
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fv = Math.min(h - 1, Math.max(0, ((y + 0.5) * pixelMm) / sv - 0.5));
    const v0 = nearest ? Math.round(fv) : Math.floor(fv);
    const v1 = Math.min(h - 1, v0 + 1);
    const tv = nearest ? 0 : fv - v0;
    for (let x = 0; x < width; x++) {
      const fu = Math.min(w - 1, Math.max(0, ((x + 0.5) * pixelMm) / su - 0.5));
      const u0 = nearest ? Math.round(fu) : Math.floor(fu);
      const u1 = Math.min(w - 1, u0 + 1);
      const tu = nearest ? 0 : fu - u0;
      const a = at(u0, v0) * (1 - tu) + at(u1, v0) * tu;
      const b = at(u0, v1) * (1 - tu) + at(u1, v1) * tu;
      values[y * width + x] = a * (1 - tv) + b * tv;
    }
  }
  return { width, height, pixelMm, values };
}
