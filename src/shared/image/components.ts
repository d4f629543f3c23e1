import type { Vec3 } from '../volume/mat3';

/** 6: faces, 18: faces and edges, 26: faces, edges and corners. In a single slice 6 acts as 4 and 26 as 8. */
export type Connectivity = 6 | 18 | 26;

export interface Components {
  /** 0 = background, 1..count = component id, numbered in scan order. */
  readonly labels: Int32Array;
  readonly count: number;
  /** Voxel count per component; sizes[0] is unused (0). */
  readonly sizes: readonly number[];
}

function offsets(connectivity: Connectivity): number[][] {
  const out: number[][] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (n === 0) continue;
        if (connectivity === 6 && n > 1) continue;
        if (connectivity === 18 && n > 2) continue;
        out.push([di, dj, dk]);
      }
    }
  }
  return out;
}

/**
 * Connected components of the non-zero voxels of `mask` (length dims[0]*dims[1]*dims[2], i
 * fastest). Flood fill with an explicit growable stack, so no recursion depth limit and no
 * full-size queue allocation on large volumes.
 */
export function labelComponents(mask: ArrayLike<number>, dims: Vec3, connectivity: Connectivity = 6): Components {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const labels = new Int32Array(nx * ny * nz);
  const offs = offsets(connectivity);
  const di = offs.map((o) => o[0]!);
  const dj = offs.map((o) => o[1]!);
  const dk = offs.map((o) => o[2]!);
  const dq = offs.map((o) => o[0]! + nx * o[1]! + sxy * o[2]!);
  const sizes: number[] = [0];
  let stack = new Int32Array(1 << 16);
  let count = 0;
  for (let seed = 0; seed < labels.length; seed++) {
    if (!mask[seed] || labels[seed]) continue;
    const id = ++count;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    labels[seed] = id;
    while (top > 0) {
      const q = stack[--top]!;
      size++;
      const i = q % nx;
      const t = (q - i) / nx;
      const j = t % ny;
      const k = (t - j) / ny;
      for (let n = 0; n < dq.length; n++) {
        const ii = i + di[n]!;
        const jj = j + dj[n]!;
        const kk = k + dk[n]!;
        if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
        const nq = q + dq[n]!;
        if (!mask[nq] || labels[nq]) continue;
        labels[nq] = id;
        if (top === stack.length) {
          const grown = new Int32Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[top++] = nq;
      }
    }
    sizes.push(size);
  }
  return { labels, count, sizes };
}

/** Component ids ordered from largest to smallest. */
export function idsBySize(c: Components): number[] {
  const ids = Array.from({ length: c.count }, (_, t) => t + 1);
  return ids.sort((a, b) => c.sizes[b]! - c.sizes[a]!);
}

/** A 0/1 mask of the largest component (empty when there is none). */
export function largestComponent(mask: ArrayLike<number>, dims: Vec3, connectivity: Connectivity = 6): Uint8Array {
  const c = labelComponents(mask, dims, connectivity);
  const out = new Uint8Array(c.labels.length);
  const best = idsBySize(c)[0];
  if (best === undefined) return out;
  for (let q = 0; q < out.length; q++) if (c.labels[q] === best) out[q] = 1;
  return out;
}
