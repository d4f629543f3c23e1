import type { Vec3 } from '../../shared/volume/mat3';
import type { Mask, Volume } from '../../shared/volume/volume';

/** A block of voxels placed in the 3D view's space (index * spacing, in mm). */
export interface Block<T> {
  readonly dims: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly data: T;
}

/**
 * Block-averages the CT so its largest side is at most `maxSide` voxels: software WebGL2
 * ray-casts a 128^3 texture in tens of milliseconds, a full 512x512x300 one in seconds.
 */
export function downsampleCt(ct: Volume<Int16Array>, maxSide: number): Block<Int16Array> {
  const f = ct.dims.map((d) => Math.max(1, Math.ceil(d / maxSide))) as unknown as Vec3;
  const dims = ct.dims.map((d, a) => Math.floor(d / f[a]!)) as unknown as Vec3;
  const [nx, ny] = ct.dims;
  const out = new Int16Array(dims[0] * dims[1] * dims[2]);
  const n = f[0] * f[1] * f[2];
  let o = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++) {
        let s = 0;
        for (let c = 0; c < f[2]; c++) {
          for (let b = 0; b < f[1]; b++) {
            let p = i * f[0] + nx * (j * f[1] + b + ny * (k * f[2] + c));
            for (let a = 0; a < f[0]; a++) s += ct.data[p++]!;
          }
        }
        out[o++] = Math.round(s / n);
      }
    }
  }
  const spacing = ct.spacing.map((s, a) => s * f[a]!) as unknown as Vec3;
  // Block centres sit half a block in from the first voxel centre.
  const origin = ct.spacing.map((s, a) => ((f[a]! - 1) / 2) * s) as unknown as Vec3;
  return { dims, spacing, origin, data: out };
}

/** The mask's bounding box plus one empty voxel each side (so surfaces close), or undefined when empty. */
export function maskCrop(mask: Mask): Block<Uint8Array> | undefined {
  const [nx, ny, nz] = mask.dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  let p = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        if (mask.data[p] === 0) continue;
        if (i < lo[0]!) lo[0] = i; if (i > hi[0]!) hi[0] = i;
        if (j < lo[1]!) lo[1] = j; if (j > hi[1]!) hi[1] = j;
        if (k < lo[2]!) lo[2] = k; if (k > hi[2]!) hi[2] = k;
      }
    }
  }
  if (hi[0]! < 0) return undefined;
  const start = lo.map((x) => x - 1) as unknown as Vec3;
  const dims = lo.map((x, a) => hi[a]! - x + 3) as unknown as Vec3;
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  let o = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, o++) {
        const [a, b, c] = [start[0] + i, start[1] + j, start[2] + k];
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
        out[o] = mask.data[a + nx * (b + ny * c)] ? 1 : 0;
      }
    }
  }
  const origin = start.map((x, a) => x * mask.spacing[a]!) as unknown as Vec3;
  return { dims, spacing: mask.spacing, origin, data: out };
}
