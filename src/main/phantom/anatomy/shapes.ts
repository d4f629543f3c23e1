import type { CylinderShape, EllipsoidShape, TubeShape } from '../scene';

export type P3 = readonly [number, number, number];

export function axisEllipsoid(c: P3, axes: P3): EllipsoidShape {
  return { kind: 'ellipsoid', c: [c[0], c[1], c[2]], a: [1 / axes[0] ** 2, 0, 0, 0, 1 / axes[1] ** 2, 0, 0, 0, 1 / axes[2] ** 2] };
}

/** Ellipsoid whose local axis k points along column k of the rotation `rot` (row-major). */
export function rotatedEllipsoid(c: P3, axes: P3, rot: readonly number[]): EllipsoidShape {
  // A = R diag(1/a^2) R^T
  const a: number[] = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += (rot[i * 3 + k]! * rot[j * 3 + k]!) / axes[k]! ** 2;
      a[i * 3 + j] = s;
    }
  }
  return { kind: 'ellipsoid', c: [c[0], c[1], c[2]], a };
}

/** The same ellipsoid grown by `d` mm along each axis (a fat sleeve or a wall around an organ). */
export function grownEllipsoid(c: P3, axes: P3, rot: readonly number[], d: number): EllipsoidShape {
  return rotatedEllipsoid(c, [axes[0] + d, axes[1] + d, axes[2] + d], rot);
}

/** Rotation whose first column is `dir` (normalised); the others complete a right-handed frame. */
export function frameFrom(dir: P3): number[] {
  const n = Math.hypot(dir[0], dir[1], dir[2]);
  const u: P3 = [dir[0] / n, dir[1] / n, dir[2] / n];
  const helper: P3 = Math.abs(u[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  let v: P3 = [u[1] * helper[2] - u[2] * helper[1], u[2] * helper[0] - u[0] * helper[2], u[0] * helper[1] - u[1] * helper[0]];
  const vn = Math.hypot(v[0], v[1], v[2]);
  v = [v[0] / vn, v[1] / vn, v[2] / vn];
  const w: P3 = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  return [u[0], v[0], w[0], u[1], v[1], w[1], u[2], v[2], w[2]];
}

/** Rotation about z by angle a (radians), then about the new x by b. */
export function rotZX(a: number, b: number): number[] {
  const ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b);
  return [ca, -sa * cb, sa * sb, sa, ca * cb, -ca * sb, 0, sb, cb];
}

export function cylinder(cx: number, cy: number, ax: number, ay: number, z0: number, z1: number, angle = 0): CylinderShape {
  return { kind: 'cylinder', cx, cy, ax, ay, angle, z0, z1 };
}

/** Collects tube segments (x0 y0 z0 r0 x1 y1 z1 r1) for one TubeShape. */
export class TubeBuilder {
  private readonly data: number[] = [];

  segment(a: P3, ra: number, b: P3, rb: number): this {
    this.data.push(a[0], a[1], a[2], ra, b[0], b[1], b[2], rb);
    return this;
  }

  /** A polyline through points with radii, one segment per consecutive pair. */
  chain(points: readonly P3[], radii: readonly number[]): this {
    for (let i = 0; i + 1 < points.length; i++) this.segment(points[i]!, radii[i]!, points[i + 1]!, radii[i + 1]!);
    return this;
  }

  append(other: TubeBuilder): this {
    this.data.push(...other.data);
    return this;
  }

  get count(): number {
    return this.data.length / 8;
  }

  shape(scale = 1, add = 0): TubeShape {
    return { kind: 'tubes', seg: Float32Array.from(this.data), scale, add };
  }
}

/** Points along a Catmull-Rom spline through control points, about `step` mm apart. */
export function spline(ctrl: readonly P3[], step: number): P3[] {
  const out: P3[] = [];
  for (let i = 0; i + 1 < ctrl.length; i++) {
    const p0 = ctrl[Math.max(0, i - 1)]!, p1 = ctrl[i]!, p2 = ctrl[i + 1]!, p3 = ctrl[Math.min(ctrl.length - 1, i + 2)]!;
    const len = Math.hypot(p2[0] - p1[0], p2[1] - p1[1], p2[2] - p1[2]);
    const n = Math.max(1, Math.ceil(len / step));
    for (let k = 0; k < n; k++) {
      const t = k / n, t2 = t * t, t3 = t2 * t;
      const w0 = 0.5 * (-t3 + 2 * t2 - t), w1 = 0.5 * (3 * t3 - 5 * t2 + 2), w2 = 0.5 * (-3 * t3 + 4 * t2 + t), w3 = 0.5 * (t3 - t2);
      out.push([
        w0 * p0[0] + w1 * p1[0] + w2 * p2[0] + w3 * p3[0],
        w0 * p0[1] + w1 * p1[1] + w2 * p2[1] + w3 * p3[1],
        w0 * p0[2] + w1 * p1[2] + w2 * p2[2] + w3 * p3[2],
      ]);
    }
  }
  out.push(ctrl[ctrl.length - 1]!);
  return out;
}
