import type { BlobShape } from '../scene';
import { pixelSize, worldBox, type PlaneGrid } from './grid';
import type { Touched } from './touched';

/** Largest distance from the centre any point of the blob reaches (mm). */
export function blobReach(s: BlobShape): number {
  let lobe = 0;
  for (let m = 0; m < s.lobes.length; m += 5) lobe += Math.max(0, s.lobes[m + 4]!);
  return Math.max(...s.axes) * (s.base + lobe) * s.scale + Math.max(0, s.add);
}

/**
 * Signed distance (approximate, mm) from a point to the blob surface: negative inside. The local
 * radial excess is converted to mm with the blob's scale along that direction, which is exact
 * for a sphere and close for the mildly anisotropic, lobulated shapes we draw.
 */
export function blobDistance(s: BlobShape, x: number, y: number, z: number): number {
  const R = s.rot;
  const px = x - s.c[0], py = y - s.c[1], pz = z - s.c[2];
  // R^T p: local coordinates.
  const lx = (R[0]! * px + R[3]! * py + R[6]! * pz) / s.axes[0];
  const ly = (R[1]! * px + R[4]! * py + R[7]! * pz) / s.axes[1];
  const lz = (R[2]! * px + R[5]! * py + R[8]! * pz) / s.axes[2];
  const rho = Math.sqrt(lx * lx + ly * ly + lz * lz);
  if (rho < 1e-9) return -s.base * s.scale * Math.min(...s.axes) - s.add;
  const ux = lx / rho, uy = ly / rho, uz = lz / rho;
  let rb = s.base;
  const L = s.lobes;
  for (let m = 0; m < L.length; m += 5) {
    const dot = ux * L[m]! + uy * L[m + 1]! + uz * L[m + 2]!;
    rb += L[m + 4]! * Math.exp(L[m + 3]! * (dot - 1));
  }
  rb *= s.scale;
  const sx = ux * s.axes[0], sy = uy * s.axes[1], sz = uz * s.axes[2];
  const mm = Math.sqrt(sx * sx + sy * sy + sz * sz);
  return (rho - rb) * mm - s.add;
}

export function rasterBlob(s: BlobShape, z: number, g: PlaneGrid, cov: Float32Array, touched: Touched): void {
  const reach = blobReach(s);
  const dz = z - s.c[2];
  if (Math.abs(dz) >= reach) return;
  const rr = Math.sqrt(reach * reach - dz * dz);
  const px = pixelSize(g);
  const box = worldBox(g, s.c[0] - rr - px, s.c[0] + rr + px, s.c[1] - rr - px, s.c[1] + rr + px);
  if (!box) return;
  const inv = 1 / px;
  // Lobes only add to the base radius, so a point well inside the base shape is fully covered
  // and one well outside the largest radius is empty: only a shell needs the lobe sum.
  let lobeSum = 0;
  for (let m = 0; m < s.lobes.length; m += 5) lobeSum += Math.max(0, s.lobes[m + 4]!);
  const aMin = Math.min(...s.axes);
  const inner = s.base * s.scale - (px / 2 - s.add) / aMin;
  const outer = (s.base + lobeSum) * s.scale + (px / 2 + s.add) / aMin;
  const R = s.rot;
  for (let j = box.j0; j <= box.j1; j++) {
    const y = g.y0 + j * g.dy;
    const row = j * g.nx;
    for (let i = box.i0; i <= box.i1; i++) {
      const x = g.x0 + i * g.dx;
      const px0 = x - s.c[0], py0 = y - s.c[1];
      const lx = (R[0]! * px0 + R[3]! * py0 + R[6]! * dz) / s.axes[0];
      const ly = (R[1]! * px0 + R[4]! * py0 + R[7]! * dz) / s.axes[1];
      const lz = (R[2]! * px0 + R[5]! * py0 + R[8]! * dz) / s.axes[2];
      const rho = Math.sqrt(lx * lx + ly * ly + lz * lz);
      let v: number;
      if (rho >= outer) continue;
      if (rho <= inner) v = 1;
      else {
        const c = 0.5 - blobDistance(s, x, y, z) * inv;
        if (c <= 0) continue;
        v = c > 1 ? 1 : c;
      }
      const old = cov[row + i]!;
      if (v > old) {
        if (old === 0) touched.addPixel(row + i);
        cov[row + i] = v;
      }
    }
  }
}
