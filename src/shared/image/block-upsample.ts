import type { Vec3 } from '../volume/mat3';
import type { StridedView } from './block-average';

/**
 * Labels on a block grid (see blockAverageInto) brought back onto the full grid the blocks were
 * made from, written through `view` (the full grid in the block grid's axis order, pointing
 * into `out`'s memory). Same rule as the 'label' resampling mode, trilinear weights of the eight
 * surrounding block centres, inside where the non-zero labels weigh at least one half, the
 * heaviest naming it, but it exploits the integer ratio: along a row, voxels between the same
 * block centres share their eight neighbours, and where those agree (almost everywhere) the
 * label is copied without arithmetic.
 */
export function upsampleBlockLabels(
  labels: Uint8Array, blockDims: Vec3, factors: Vec3, view: StridedView, out: Uint8Array, cStart = 0, cEnd = Infinity,
): void {
  const [n0, n1, n2] = view.dims;
  const [m0, m1, m2] = blockDims;
  const [s0, s1, s2] = view.strides;
  const t0 = axisTable(n0, m0, factors[0]);
  const t1 = axisTable(n1, m1, factors[1]);
  const t2 = axisTable(n2, m2, factors[2]);
  const d0 = m0 > 1 ? 1 : 0;
  const d1 = m1 > 1 ? m0 : 0;
  const d2 = m2 > 1 ? m0 * m1 : 0;
  const w = new Float64Array(8);
  const v = new Uint8Array(8);
  // Per lower block column lx of the current pair of block rows: the label its eight
  // neighbours share, or -1 where they differ. Shared by the f1 x f2 full rows between them.
  const shared = new Int16Array(m0);
  let cachedRow = -1;
  for (let c = cStart; c < Math.min(n2, cEnd); c++) {
    const lz = t2.lo[c]!;
    const fz = t2.frac[c]!;
    for (let b = 0; b < n1; b++) {
      const ly = t1.lo[b]!;
      const fy = t1.frac[b]!;
      const row = m0 * (ly + m1 * lz);
      if (row !== cachedRow) {
        for (let lx = 0; lx < m0; lx++) {
          const q = row + lx;
          const x = labels[q]!;
          shared[lx] = x === labels[q + d0] && x === labels[q + d1] && x === labels[q + d1 + d0] && x === labels[q + d2]
            && x === labels[q + d2 + d0] && x === labels[q + d2 + d1] && x === labels[q + d2 + d1 + d0] ? x : -1;
        }
        cachedRow = row;
      }
      const rowStart = view.offset + b * s1 + c * s2;
      let a = 0;
      while (a < n0) {
        const value = shared[t0.lo[a]!]!;
        if (value >= 0) {
          // Extend over the following block columns that agree on the same label: one fill.
          let end = t0.runEnd[a]!;
          while (end + 1 < n0 && shared[t0.lo[end + 1]!] === value) end = t0.runEnd[end + 1]!;
          if (s0 === 1) out.fill(value, rowStart + a, rowStart + end + 1);
          else for (let t = a, p = rowStart + a * s0; t <= end; t++, p += s0) out[p] = value;
          a = end + 1;
          continue;
        }
        const q = row + t0.lo[a]!;
        v[0] = labels[q]!;
        v[1] = labels[q + d0]!;
        v[2] = labels[q + d1]!;
        v[3] = labels[q + d1 + d0]!;
        v[4] = labels[q + d2]!;
        v[5] = labels[q + d2 + d0]!;
        v[6] = labels[q + d2 + d1]!;
        v[7] = labels[q + d2 + d1 + d0]!;
        for (const end = t0.runEnd[a]!; a <= end; a++) {
          const fx = t0.frac[a]!;
          w[0] = (1 - fx) * (1 - fy) * (1 - fz);
          w[1] = fx * (1 - fy) * (1 - fz);
          w[2] = (1 - fx) * fy * (1 - fz);
          w[3] = fx * fy * (1 - fz);
          w[4] = (1 - fx) * (1 - fy) * fz;
          w[5] = fx * (1 - fy) * fz;
          w[6] = (1 - fx) * fy * fz;
          w[7] = fx * fy * fz;
          out[rowStart + a * s0] = heaviest(v, w);
        }
      }
    }
  }
}

/**
 * Per full-grid index: the lower block centre, the fraction toward the next (clamped at the
 * ends), and the last index sharing that lower centre.
 */
function axisTable(n: number, m: number, f: number): { lo: Int32Array; frac: Float64Array; runEnd: Int32Array } {
  const lo = new Int32Array(n);
  const frac = new Float64Array(n);
  const runEnd = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const x = Math.min(m - 1, Math.max(0, (a - (f - 1) / 2) / f));
    const l = Math.min(Math.max(0, m - 2), Math.floor(x));
    lo[a] = l;
    frac[a] = m > 1 ? x - l : 0;
  }
  for (let a = n - 1; a >= 0; a--) runEnd[a] = a < n - 1 && lo[a + 1] === lo[a] ? runEnd[a + 1]! : a;
  return { lo, frac, runEnd };
}

function heaviest(v: Uint8Array, w: Float64Array): number {
  let total = 0;
  let best = 0;
  let bestW = -1;
  for (let t = 0; t < 8; t++) {
    const l = v[t]!;
    if (l === 0) continue;
    let sum = 0;
    for (let u = 0; u < 8; u++) if (v[u] === l) sum += w[u]!;
    total += w[t]!;
    if (sum > bestW) {
      bestW = sum;
      best = l;
    }
  }
  return total >= 0.5 - 1e-9 ? best : 0;
}

/**
 * For a grid read in LPS order (`lpsAxes`), the index on the block grid (`factors`,
 * `blockDims`) of the block that holds the voxel at memory index q: a nearest-block lookup for
 * the few voxels that need one, where upsampling a whole mask would be wasted work.
 */
export function blockIndexLookup(
  dims: Vec3, axes: readonly [number, number, number], flip: readonly [boolean, boolean, boolean], factors: Vec3, blockDims: Vec3,
): (q: number) => number {
  const [nx, ny] = dims;
  const coord = [0, 0, 0];
  return (q) => {
    coord[0] = q % nx;
    coord[1] = Math.floor(q / nx) % ny;
    coord[2] = Math.floor(q / (nx * ny));
    let index = 0;
    for (let t = 2; t >= 0; t--) {
      const a = axes[t]!;
      const u = flip[t] ? dims[a]! - 1 - coord[a]! : coord[a]!;
      index = index * blockDims[t]! + Math.min(blockDims[t]! - 1, Math.floor(u / factors[t]!));
    }
    return index;
  };
}
