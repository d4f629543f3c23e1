import { blobReach } from './raster/blob';
import type { Shape } from './scene';

/** Axis-aligned bounds [xMin, xMax, yMin, yMax, zMin, zMax] of a shape (mm), cached per shape. */
export type Bounds = readonly [number, number, number, number, number, number];

const cache = new WeakMap<Shape, Bounds>();

function compute(s: Shape): Bounds {
  switch (s.kind) {
    case 'loft': {
      let r = 0;
      for (let i = 0; i < s.radii.length; i++) r = Math.max(r, s.radii[i]!);
      let cx0 = Infinity, cx1 = -Infinity, cy0 = Infinity, cy1 = -Infinity;
      for (let k = 0; k < s.z.length; k++) {
        cx0 = Math.min(cx0, s.cx[k]!); cx1 = Math.max(cx1, s.cx[k]!);
        cy0 = Math.min(cy0, s.cy[k]!); cy1 = Math.max(cy1, s.cy[k]!);
      }
      // Catmull-Rom can overshoot the keys a little.
      r *= 1.15;
      return [cx0 - r, cx1 + r, cy0 - r, cy1 + r, s.z[0]!, s.z[s.z.length - 1]!];
    }
    case 'ellipsoid': {
      const A = s.a;
      // Half-extent along world axis i is sqrt((A^-1)_ii).
      const det = A[0]! * (A[4]! * A[8]! - A[5]! * A[7]!) - A[1]! * (A[3]! * A[8]! - A[5]! * A[6]!) + A[2]! * (A[3]! * A[7]! - A[4]! * A[6]!);
      const ex = Math.sqrt(Math.abs((A[4]! * A[8]! - A[5]! * A[7]!) / det));
      const ey = Math.sqrt(Math.abs((A[0]! * A[8]! - A[2]! * A[6]!) / det));
      const ez = Math.sqrt(Math.abs((A[0]! * A[4]! - A[1]! * A[3]!) / det));
      return [s.c[0] - ex, s.c[0] + ex, s.c[1] - ey, s.c[1] + ey, s.c[2] - ez, s.c[2] + ez];
    }
    case 'cylinder': {
      const r = Math.max(s.ax, s.ay);
      return [s.cx - r, s.cx + r, s.cy - r, s.cy + r, s.z0, s.z1];
    }
    case 'prism': {
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (let i = 0; i < s.xy.length; i += 2) {
        x0 = Math.min(x0, s.xy[i]!); x1 = Math.max(x1, s.xy[i]!);
        y0 = Math.min(y0, s.xy[i + 1]!); y1 = Math.max(y1, s.xy[i + 1]!);
      }
      return [x0, x1, y0, y1, s.z0, s.z1];
    }
    case 'tubes': {
      const b = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
      for (let o = 0; o < s.seg.length; o += 8) {
        for (const e of [0, 4]) {
          const r = Math.max(0, s.seg[o + e + 3]! * s.scale + s.add);
          for (let a = 0; a < 3; a++) {
            b[2 * a] = Math.min(b[2 * a]!, s.seg[o + e + a]! - r);
            b[2 * a + 1] = Math.max(b[2 * a + 1]!, s.seg[o + e + a]! + r);
          }
        }
      }
      return b as unknown as Bounds;
    }
    case 'blob': {
      const r = blobReach(s);
      return [s.c[0] - r, s.c[0] + r, s.c[1] - r, s.c[1] + r, s.c[2] - r, s.c[2] + r];
    }
    case 'sheet':
      return compute(s.within);
  }
}

export function shapeBounds(s: Shape): Bounds {
  let b = cache.get(s);
  if (!b) {
    b = compute(s);
    cache.set(s, b);
  }
  return b;
}

export function inBounds(b: Bounds, x: number, y: number, z: number): boolean {
  return x >= b[0] && x <= b[1] && y >= b[2] && y <= b[3] && z >= b[4] && z <= b[5];
}
