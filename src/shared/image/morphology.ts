import type { Vec3 } from '../volume/mat3';
import { labelComponents } from './components';
import { squaredDistance } from './distance';

/**
 * Binary morphology with Euclidean balls (or, with `planar`, disks within each k-slice) of a
 * radius in the units of `spacing` (mm for real spacing, voxels for [1, 1, 1]). Built on the
 * exact distance transform, so the cost does not grow with the radius. A voxel is within the
 * ball when its centre distance is <= radius: radius 1 in voxels is the 6-neighbour cross
 * (the 4-neighbour cross with `planar`), as scikit-image's ball(1) / disk(1).
 */
export interface MorphologyGrid {
  readonly dims: Vec3;
  readonly spacing: Vec3;
}

export interface MorphologyOptions {
  readonly planar?: boolean;
}

const TOL = 1e-6;

export function dilate(mask: ArrayLike<number>, g: MorphologyGrid, radius: number, options: MorphologyOptions = {}): Uint8Array {
  const d2 = squaredDistance(mask, g.dims, g.spacing, { planar: options.planar });
  const r2 = radius * radius * (1 + TOL);
  const out = new Uint8Array(d2.length);
  for (let q = 0; q < out.length; q++) out[q] = d2[q]! <= r2 ? 1 : 0;
  return out;
}

/**
 * Erosion. By default the outside of the volume counts as foreground, so objects touching the
 * border keep it; with `borderIsBackground` the outside erodes like any background.
 */
export function erode(
  mask: ArrayLike<number>, g: MorphologyGrid, radius: number, options: MorphologyOptions & { borderIsBackground?: boolean } = {},
): Uint8Array {
  const d2 = squaredDistance(mask, g.dims, g.spacing, { inverse: true, planar: options.planar });
  if (options.borderIsBackground) withBorderDistance(d2, g, options.planar === true);
  const r2 = radius * radius * (1 + TOL);
  const out = new Uint8Array(d2.length);
  for (let q = 0; q < out.length; q++) out[q] = mask[q] && d2[q]! > r2 ? 1 : 0;
  return out;
}

/** Lowers squared distances to the nearest voxel just outside the volume where that is nearer. */
function withBorderDistance(d2: Float32Array, g: MorphologyGrid, planar: boolean): void {
  const [nx, ny, nz] = g.dims;
  const [sx, sy, sz] = g.spacing;
  let q = 0;
  for (let k = 0; k < nz; k++) {
    const dz = planar ? Infinity : Math.min(k + 1, nz - k) * sz;
    for (let j = 0; j < ny; j++) {
      const dy = Math.min(dz, Math.min(j + 1, ny - j) * sy);
      for (let i = 0; i < nx; i++, q++) {
        const d = Math.min(dy, Math.min(i + 1, nx - i) * sx);
        if (d * d < d2[q]!) d2[q] = d * d;
      }
    }
  }
}

/**
 * Closing (dilate then erode): fills gaps and concavities narrower than the ball; never
 * removes a voxel. The outside of the volume is background, so nothing grows into the
 * border slices from the object next to them.
 */
export function close(mask: ArrayLike<number>, g: MorphologyGrid, radius: number, options: MorphologyOptions = {}): Uint8Array {
  const closed = erode(dilate(mask, g, radius, options), g, radius, { ...options, borderIsBackground: true });
  for (let q = 0; q < closed.length; q++) if (mask[q]) closed[q] = 1;
  return closed;
}

/** Opening (erode then dilate): removes parts thinner than the ball; never adds a voxel. */
export function open(mask: ArrayLike<number>, g: MorphologyGrid, radius: number, options: MorphologyOptions = {}): Uint8Array {
  const opened = dilate(erode(mask, g, radius, options), g, radius, options);
  for (let q = 0; q < opened.length; q++) if (!mask[q]) opened[q] = 0;
  return opened;
}

/**
 * Fills, in every k-slice, the background regions (4-connected) that do not reach the slice's
 * border: vessels inside a lung, the lungs inside a body outline. One flood from the border per
 * slice marks the open background; whatever it cannot reach is a hole.
 */
export function fillHolesPlanar(mask: ArrayLike<number>, dims: Vec3): Uint8Array {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const out = new Uint8Array(nx * ny * nz);
  const reached = new Uint8Array(sxy);
  const stack = new Int32Array(sxy);
  for (let k = 0; k < nz; k++) {
    const base = k * sxy;
    reached.fill(0);
    let top = 0;
    const seed = (q: number) => {
      if (!mask[base + q] && !reached[q]) {
        reached[q] = 1;
        stack[top++] = q;
      }
    };
    for (let i = 0; i < nx; i++) {
      seed(i);
      seed(i + nx * (ny - 1));
    }
    for (let j = 0; j < ny; j++) {
      seed(nx * j);
      seed(nx * j + nx - 1);
    }
    while (top > 0) {
      const q = stack[--top]!;
      const i = q % nx;
      if (i > 0) seed(q - 1);
      if (i < nx - 1) seed(q + 1);
      if (q >= nx) seed(q - nx);
      if (q < sxy - nx) seed(q + nx);
    }
    for (let q = 0; q < sxy; q++) out[base + q] = reached[q] ? 0 : 1;
  }
  return out;
}

/** Fills background regions (6-connected in 3D) that do not reach any face of the volume. */
export function fillHoles3d(mask: ArrayLike<number>, dims: Vec3): Uint8Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const background = new Uint8Array(n);
  for (let q = 0; q < n; q++) background[q] = mask[q] ? 0 : 1;
  const c = labelComponents(background, dims, 6);
  const open = new Uint8Array(c.count + 1);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) open[c.labels[i + nx * (j + ny * k)]!] = 1;
      }
    }
  }
  const out = new Uint8Array(n);
  for (let q = 0; q < n; q++) out[q] = mask[q] || !open[c.labels[q]!] ? 1 : 0;
  return out;
}
