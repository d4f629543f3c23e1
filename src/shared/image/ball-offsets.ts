import type { Vec3 } from '../volume/mat3';

/**
 * Binary erosion and dilation with a small ball given as voxel offsets, visiting only the
 * mask's own voxels. Same balls as `morphology.ts` (centre distance <= radius, in the units of
 * `spacing`), but the cost is the mask's voxel count times the ball's size, not the volume's:
 * the right tool for radii of one or two voxels on a sparse mask (the EDT-based operations
 * cost a few passes over the whole volume whatever the mask holds).
 */
export type Offset = readonly [number, number, number];

const TOL = 1e-6;

/** Offsets of the voxels whose centres lie within `radius` of the origin's. */
export function ballOffsets(spacing: Vec3, radius: number): Offset[] {
  const r2 = radius * radius * (1 + TOL);
  const reach = spacing.map((s) => Math.floor((radius * (1 + TOL)) / s));
  const out: Offset[] = [];
  // 0 - r rather than -r, so that a zero reach gives +0 offsets.
  for (let dk = 0 - reach[2]!; dk <= reach[2]!; dk++) {
    for (let dj = 0 - reach[1]!; dj <= reach[1]!; dj++) {
      for (let di = 0 - reach[0]!; di <= reach[0]!; di++) {
        const d2 = (di * spacing[0]) ** 2 + (dj * spacing[1]) ** 2 + (dk * spacing[2]) ** 2;
        if (d2 <= r2) out.push([di, dj, dk]);
      }
    }
  }
  return out;
}

/** Every voxel within the ball of a set voxel (offsets that leave the volume are skipped). */
export function dilateByOffsets(mask: ArrayLike<number>, dims: Vec3, offsets: readonly Offset[]): Uint8Array {
  return ballPass(mask, dims, offsets, false);
}

/** Set voxels whose whole ball is set; outside the volume counts as set, as `erode` does by default. */
export function erodeByOffsets(mask: ArrayLike<number>, dims: Vec3, offsets: readonly Offset[]): Uint8Array {
  return ballPass(mask, dims, offsets, true);
}

/** One pass over the set voxels and their balls' voxels inside the volume: dilation marks them, erosion keeps a voxel whose ball is all set. */
function ballPass(mask: ArrayLike<number>, dims: Vec3, offsets: readonly Offset[], erosion: boolean): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(nx * ny * nz);
  for (let q = 0; q < out.length; q++) {
    if (!mask[q]) continue;
    const i = q % nx;
    const j = Math.floor(q / nx) % ny;
    const k = Math.floor(q / (nx * ny));
    let keep = 1;
    for (const [di, dj, dk] of offsets) {
      const a = i + di;
      const b = j + dj;
      const c = k + dk;
      if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
      const t = a + nx * (b + ny * c);
      if (!erosion) out[t] = 1;
      else if (!mask[t]) {
        keep = 0;
        break;
      }
    }
    if (erosion) out[q] = keep;
  }
  return out;
}
