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
  for (let c = cStart; c < Math.min(n2, cEnd); c++) {
    const lz = t2.lo[c]!;
    const fz = t2.frac[c]!;
    for (let b = 0; b < n1; b++) {
      const ly = t1.lo[b]!;
      const fy = t1.frac[b]!;
      const row = m0 * (ly + m1 * lz);
      let p = view.offset + b * s1 + c * s2;
      let lastLx = -1;
      let uniform = false;
      for (let a = 0; a < n0; a++, p += s0) {
        const lx = t0.lo[a]!;
        if (lx !== lastLx) {
          const q = row + lx;
          v[0] = labels[q]!;
          v[1] = labels[q + d0]!;
          v[2] = labels[q + d1]!;
          v[3] = labels[q + d1 + d0]!;
          v[4] = labels[q + d2]!;
          v[5] = labels[q + d2 + d0]!;
          v[6] = labels[q + d2 + d1]!;
          v[7] = labels[q + d2 + d1 + d0]!;
          uniform = v[0] === v[1] && v[0] === v[2] && v[0] === v[3] && v[0] === v[4] && v[0] === v[5] && v[0] === v[6] && v[0] === v[7];
          lastLx = lx;
        }
        if (uniform) {
          out[p] = v[0]!;
          continue;
        }
        const fx = t0.frac[a]!;
        w[0] = (1 - fx) * (1 - fy) * (1 - fz);
        w[1] = fx * (1 - fy) * (1 - fz);
        w[2] = (1 - fx) * fy * (1 - fz);
        w[3] = fx * fy * (1 - fz);
        w[4] = (1 - fx) * (1 - fy) * fz;
        w[5] = fx * (1 - fy) * fz;
        w[6] = (1 - fx) * fy * fz;
        w[7] = fx * fy * fz;
        out[p] = heaviest(v, w);
      }
    }
  }
}

/** Per full-grid index: the lower block centre and the fraction toward the next (clamped at the ends). */
function axisTable(n: number, m: number, f: number): { lo: Int32Array; frac: Float64Array } {
  const lo = new Int32Array(n);
  const frac = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const x = Math.min(m - 1, Math.max(0, (a - (f - 1) / 2) / f));
    const l = Math.min(Math.max(0, m - 2), Math.floor(x));
    lo[a] = l;
    frac[a] = m > 1 ? x - l : 0;
  }
  return { lo, frac };
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
