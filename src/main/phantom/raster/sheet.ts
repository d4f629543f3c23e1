import type { SheetShape } from '../scene';
import { ellipsoidOutline, MAX_OUTLINE_VERTICES } from './outline';
import { worldBox, type PlaneGrid } from './grid';
import type { Touched } from './touched';

const xs = new Float64Array(MAX_OUTLINE_VERTICES);
const ys = new Float64Array(MAX_OUTLINE_VERTICES);

/**
 * A thin flat sheet (a lung fissure) clipped to an ellipsoid. A voxel of the plane (px by px
 * by the sub-plane thickness) spans an interval along the sheet's normal; its coverage is the
 * part of that interval inside the sheet, so a fissure lying almost flat in a thick slice
 * becomes the faint haze it is on a real scan instead of a solid band.
 */
export function rasterSheet(s: SheetShape, z: number, dzSub: number, g: PlaneGrid, cov: Float32Array, touched: Touched): void {
  const n = ellipsoidOutline(s.within, z, xs, ys);
  if (n === 0) return;
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let v = 0; v < n; v++) {
    xMin = Math.min(xMin, xs[v]!);
    xMax = Math.max(xMax, xs[v]!);
    yMin = Math.min(yMin, ys[v]!);
    yMax = Math.max(yMax, ys[v]!);
  }
  const box = worldBox(g, xMin, xMax, yMin, yMax);
  if (!box) return;
  const [nx, ny, nz] = s.n;
  const A = s.within.a;
  const [ex, ey, ez] = s.within.c;
  const extent = Math.abs(nx) * g.dx + Math.abs(ny) * g.dy + Math.abs(nz) * dzSub;
  const w = s.halfWidth;
  const reach = w + extent / 2;
  const pz = z - s.c[2];
  const qz = z - ez;
  for (let j = box.j0; j <= box.j1; j++) {
    const y = g.y0 + j * g.dy;
    const py = y - s.c[1];
    const qy = y - ey;
    const row = j * g.nx;
    // The sheet is a plane: along a row its distance is linear in x, so only a short run of
    // columns can be near it.
    const d0 = -s.c[0] * nx + py * ny + pz * nz;
    let i0 = box.i0, i1 = box.i1;
    if (Math.abs(nx) > 1e-9) {
      const xa = (-reach - d0) / nx, xb = (reach - d0) / nx;
      i0 = Math.max(i0, Math.floor((Math.min(xa, xb) - g.x0) / g.dx));
      i1 = Math.min(i1, Math.ceil((Math.max(xa, xb) - g.x0) / g.dx));
    } else if (Math.abs(d0) > reach) continue;
    for (let i = i0; i <= i1; i++) {
      const x = g.x0 + i * g.dx;
      const qx = x - ex;
      const inside = A[0]! * qx * qx + A[4]! * qy * qy + A[8]! * qz * qz + 2 * (A[1]! * qx * qy + A[2]! * qx * qz + A[5]! * qy * qz);
      if (inside > 1) continue;
      const d = d0 + x * nx;
      const lo = Math.max(d - extent / 2, -w);
      const hi = Math.min(d + extent / 2, w);
      if (hi <= lo) continue;
      const c = Math.min(1, (hi - lo) / Math.max(extent, 2 * w));
      const old = cov[row + i]!;
      if (c > old) {
        if (old === 0) touched.addPixel(row + i);
        cov[row + i] = c;
      }
    }
  }
}
