import { mix32 } from '../../shared/random';

/**
 * Smooth 3D value noise on an integer lattice, evaluated one axial plane at a time. The plane's
 * lattice values are interpolated in z once, then each pixel needs a single bilinear lookup, so
 * texture costs a few operations per pixel. Values lie in about [-1, 1] with mean 0.
 */
function latticeValue(ix: number, iy: number, iz: number, seed: number): number {
  let h = mix32(seed ^ Math.imul(ix, 0x27d4eb2d));
  h = mix32(h ^ Math.imul(iy, 0x165667b1));
  h = mix32(h ^ Math.imul(iz, 0x9e3779b1));
  return h / 2147483648 - 1;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * Fills `out` (nx*ny) with noise of the given cell size (mm) at plane z, for pixel centres
 * x = x0 + i*dx, y = y0 + j*dy. Rows outside [j0, j1] are left untouched.
 */
export function noisePlane(
  out: Float32Array, nx: number, x0: number, dx: number, y0: number, dy: number, z: number,
  cell: number, seed: number, j0: number, j1: number, amplitude = 1,
): void {
  const gx0 = Math.floor(x0 / cell) - 1;
  const gy0 = Math.floor((y0 + j0 * dy) / cell) - 1;
  const gnx = Math.ceil((nx * dx) / cell) + 3;
  const gny = Math.ceil(((j1 - j0 + 1) * dy) / cell) + 3;
  const zc = z / cell;
  const iz = Math.floor(zc);
  const tz = smooth(zc - iz);
  const grid = new Float32Array(gnx * gny);
  for (let b = 0; b < gny; b++) {
    for (let a = 0; a < gnx; a++) {
      const v0 = latticeValue(gx0 + a, gy0 + b, iz, seed);
      const v1 = latticeValue(gx0 + a, gy0 + b, iz + 1, seed);
      grid[a + b * gnx] = amplitude * (v0 + (v1 - v0) * tz);
    }
  }
  // Per-column lattice index and weight are the same on every row.
  const colIdx = new Int32Array(nx);
  const colW = new Float32Array(nx);
  for (let i = 0; i < nx; i++) {
    const gx = (x0 + i * dx) / cell - gx0;
    const a = Math.floor(gx);
    colIdx[i] = a;
    colW[i] = smooth(gx - a);
  }
  // Interpolate each row in y once at the lattice columns, then only in x per pixel.
  const rowv = new Float32Array(gnx);
  for (let j = j0; j <= j1; j++) {
    const gy = (y0 + j * dy) / cell - gy0;
    const b = Math.floor(gy);
    const wy = smooth(gy - b);
    const r0 = b * gnx;
    const r1 = r0 + gnx;
    for (let a = 0; a < gnx; a++) rowv[a] = grid[r0 + a]! + (grid[r1 + a]! - grid[r0 + a]!) * wy;
    const row = j * nx;
    for (let i = 0; i < nx; i++) {
      const a = colIdx[i]!;
      const left = rowv[a]!;
      out[row + i] = left + (rowv[a + 1]! - left) * colW[i]!;
    }
  }
}
