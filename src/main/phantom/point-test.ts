import { blobDistance } from './raster/blob';
import { loftStencil } from './raster/outline';
import type { Layer, Shape } from './scene';
import { inBounds, shapeBounds } from './shape-bounds';

/**
 * Whether a point lies inside a shape: the binary counterpart of the rasterisers, used while
 * building a case (sampling points inside the lungs, placing tumours) rather than per voxel.
 */
export function insideShape(shape: Shape, x: number, y: number, z: number): boolean {
  if (!inBounds(shapeBounds(shape), x, y, z)) return false;
  switch (shape.kind) {
    case 'loft': {
      const st = loftStencil(shape, z);
      if (!st) return false;
      const { k, w } = st;
      const cx = w[0] * shape.cx[k[0]]! + w[1] * shape.cx[k[1]]! + w[2] * shape.cx[k[2]]! + w[3] * shape.cx[k[3]]!;
      const cy = w[0] * shape.cy[k[0]]! + w[1] * shape.cy[k[1]]! + w[2] * shape.cy[k[2]]! + w[3] * shape.cy[k[3]]!;
      const dx = x - cx, dy = y - cy;
      let th = Math.atan2(dy, dx);
      if (th < 0) th += 2 * Math.PI;
      const n = shape.n;
      const f = (th / (2 * Math.PI)) * n;
      const v0 = Math.floor(f) % n;
      const v1 = (v0 + 1) % n;
      const t = f - Math.floor(f);
      const r = (v: number) => w[0] * shape.radii[k[0] * n + v]! + w[1] * shape.radii[k[1] * n + v]! + w[2] * shape.radii[k[2] * n + v]! + w[3] * shape.radii[k[3] * n + v]!;
      return Math.hypot(dx, dy) < (1 - t) * r(v0) + t * r(v1);
    }
    case 'ellipsoid': {
      const A = shape.a;
      const px = x - shape.c[0], py = y - shape.c[1], pz = z - shape.c[2];
      return A[0]! * px * px + A[4]! * py * py + A[8]! * pz * pz + 2 * (A[1]! * px * py + A[2]! * px * pz + A[5]! * py * pz) <= 1;
    }
    case 'cylinder': {
      if (z < shape.z0 || z > shape.z1) return false;
      const c = Math.cos(shape.angle), s = Math.sin(shape.angle);
      const dx = x - shape.cx, dy = y - shape.cy;
      const u = (c * dx + s * dy) / shape.ax, v = (-s * dx + c * dy) / shape.ay;
      return u * u + v * v <= 1;
    }
    case 'prism': {
      if (z < shape.z0 || z > shape.z1) return false;
      let inside = false;
      const n = shape.xy.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const xi = shape.xy[2 * i]!, yi = shape.xy[2 * i + 1]!, xj = shape.xy[2 * j]!, yj = shape.xy[2 * j + 1]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    }
    case 'tubes': {
      const s = shape.seg;
      for (let o = 0; o < s.length; o += 8) {
        const r0 = s[o + 3]! * shape.scale + shape.add, r1 = s[o + 7]! * shape.scale + shape.add;
        const rm = Math.max(r0, r1);
        if (z < Math.min(s[o + 2]!, s[o + 6]!) - rm || z > Math.max(s[o + 2]!, s[o + 6]!) + rm) continue;
        const dx = s[o + 4]! - s[o]!, dy = s[o + 5]! - s[o + 1]!, dz = s[o + 6]! - s[o + 2]!;
        const wx = x - s[o]!, wy = y - s[o + 1]!, wz = z - s[o + 2]!;
        const l2 = dx * dx + dy * dy + dz * dz;
        const t = l2 > 0 ? Math.min(1, Math.max(0, (wx * dx + wy * dy + wz * dz) / l2)) : 0;
        if (Math.hypot(wx - t * dx, wy - t * dy, wz - t * dz) < r0 + t * (r1 - r0)) return true;
      }
      return false;
    }
    case 'blob':
      return blobDistance(shape, x, y, z) < 0;
    case 'sheet':
      return false;
  }
}

/**
 * Which lung (0 none, 1 right, 2 left) a point falls in after painting `layers` in order, with
 * each shape taken as a hard edge. Mirrors the painter's rules (clipping, lung rules).
 */
export function lungAt(layers: readonly Layer[], x: number, y: number, z: number): 0 | 1 | 2 {
  let side: 0 | 1 | 2 = 0;
  const saved = new Set<string>();
  for (const l of layers) {
    if (!insideShape(l.shape, x, y, z)) continue;
    if (l.save) saved.add(l.save);
    if (l.clipTo && !saved.has(l.clipTo)) continue;
    if (l.clipToLung && side === 0) continue;
    if ((l.opacity ?? 1) < 0.5) continue;
    if (l.lung === 'none') side = 0;
    else if (l.lung === 'right') side = 1;
    else if (l.lung === 'left') side = 2;
    else if (l.lung === 'side') side = x < 0 ? 1 : 2;
  }
  return side;
}
