import type { Vec3 } from '../volume/mat3';

/** 6: faces only; 26: faces, edges and corners (what one lesion means to a reader). */
export type Connectivity = 6 | 26;

export interface Components {
  /** 0 for background, 1..count in scan order (first voxel with i fastest, k slowest). */
  readonly labels: Int32Array;
  readonly count: number;
}

function offsets(connectivity: Connectivity): Vec3[] {
  const out: Vec3[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const steps = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (steps === 0 || (connectivity === 6 && steps > 1)) continue;
        out.push([di, dj, dk]);
      }
    }
  }
  return out;
}

/** Connected components of the non-zero voxels (flood fill with an explicit stack: no recursion limit). */
export function connectedComponents(dims: Vec3, data: ArrayLike<number>, connectivity: Connectivity = 26): Components {
  const [nx, ny, nz] = dims;
  const labels = new Int32Array(data.length);
  const steps = offsets(connectivity);
  let stack = new Int32Array(4096);
  let count = 0;
  for (let start = 0; start < data.length; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    count++;
    labels[start] = count;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const p = stack[--top]!;
      const i = p % nx;
      const j = ((p - i) / nx) % ny;
      const k = (p - i - nx * j) / (nx * ny);
      for (const [di, dj, dk] of steps) {
        const a = i + di, b = j + dj, c = k + dk;
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
        const q = a + nx * (b + ny * c);
        if (data[q] === 0 || labels[q] !== 0) continue;
        labels[q] = count;
        if (top === stack.length) {
          const grown = new Int32Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[top++] = q;
      }
    }
  }
  return { labels, count };
}
