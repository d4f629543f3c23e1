import type { BoxSet, AxialBox } from '../boxes/types';
import { indexToWorldAffine, voxelCount, type Geometry } from '../volume/geometry';
import { mat3Inverse, mat3Mul, type Mat3, type Vec3 } from '../volume/mat3';
import type { Mask } from '../volume/volume';

export interface BoxMaskOptions {
  /** Only boxes of this tumour (default: all boxes). */
  readonly tumor?: number;
  /** Voxel value written inside boxes: a constant (default 1) or 'tumor' to write each box's tumour number. */
  readonly value?: number | 'tumor';
}

/** 3x4 affine (row-major, translation last) taking a target index to a source index. */
function targetToSourceIndex(source: Geometry, target: Geometry): number[] {
  const t = indexToWorldAffine(target);
  const s = indexToWorldAffine(source);
  const sLinear: Mat3 = [s[0]!, s[1]!, s[2]!, s[4]!, s[5]!, s[6]!, s[8]!, s[9]!, s[10]!];
  const tLinear: Mat3 = [t[0]!, t[1]!, t[2]!, t[4]!, t[5]!, t[6]!, t[8]!, t[9]!, t[10]!];
  const inv = mat3Inverse(sLinear);
  const m = mat3Mul(inv, tLinear);
  const d: Vec3 = [t[3]! - s[3]!, t[7]! - s[7]!, t[11]! - s[11]!];
  const off = [0, 1, 2].map((r) => inv[r * 3]! * d[0] + inv[r * 3 + 1]! * d[1] + inv[r * 3 + 2]! * d[2]);
  return [m[0], m[1], m[2], off[0]!, m[3], m[4], m[5], off[1]!, m[6], m[7], m[8], off[2]!];
}

function apply(a: number[], x: number, y: number, z: number): Vec3 {
  return [
    a[0]! * x + a[1]! * y + a[2]! * z + a[3]!,
    a[4]! * x + a[5]! * y + a[6]! * z + a[7]!,
    a[8]! * x + a[9]! * y + a[10]! * z + a[11]!,
  ];
}

/**
 * The teacher's second input channel: each axial box filled with 1 on its slice.
 *
 * Rule (one for every grid): a voxel of `grid` is inside a box when its centre falls in the
 * box's footprint on the box grid, i.e. in the half-open index ranges [i0-0.5, i1+0.5) x
 * [j0-0.5, j1+0.5) x [k-0.5, k+0.5). On the box set's own grid, or on any flip/permutation of
 * it, that is exactly the box's voxels; on a resampled grid it is nearest-neighbour sampling
 * of the box mask, never a blur, so the result stays binary.
 */
export function boxesToMask(set: BoxSet, grid: Geometry, options: BoxMaskOptions = {}): Mask {
  const data = new Uint8Array(voxelCount(grid));
  const [nx, ny, nz] = grid.dims;
  const toSource = targetToSourceIndex(set.grid, grid);
  const toTarget = targetToSourceIndex(grid, set.grid);
  const boxes = options.tumor === undefined ? set.boxes : set.boxes.filter((b) => b.tumor === options.tumor);
  for (const box of boxes) {
    const value = options.value === 'tumor' ? Math.min(255, box.tumor) : (options.value ?? 1);
    fillBox(box, value);
  }
  return { ...grid, data };

  function fillBox(box: AxialBox, value: number): void {
    const lo: Vec3 = [box.i0 - 0.5, box.j0 - 0.5, box.k - 0.5];
    const hi: Vec3 = [box.i1 + 0.5, box.j1 + 0.5, box.k + 0.5];
    // Target index range covering the footprint's eight corners.
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let c = 0; c < 8; c++) {
      const p = apply(toTarget, c & 1 ? hi[0] : lo[0], c & 2 ? hi[1] : lo[1], c & 4 ? hi[2] : lo[2]);
      for (let a = 0; a < 3; a++) {
        min[a] = Math.min(min[a]!, p[a]!);
        max[a] = Math.max(max[a]!, p[a]!);
      }
    }
    const i0 = Math.max(0, Math.floor(min[0]!)), i1 = Math.min(nx - 1, Math.ceil(max[0]!));
    const j0 = Math.max(0, Math.floor(min[1]!)), j1 = Math.min(ny - 1, Math.ceil(max[1]!));
    const k0 = Math.max(0, Math.floor(min[2]!)), k1 = Math.min(nz - 1, Math.ceil(max[2]!));
    for (let k = k0; k <= k1; k++) {
      for (let j = j0; j <= j1; j++) {
        let [x, y, z] = apply(toSource, i0, j, k);
        for (let i = i0; i <= i1; i++) {
          if (x >= lo[0] && x < hi[0] && y >= lo[1] && y < hi[1] && z >= lo[2] && z < hi[2]) data[i + nx * (j + ny * k)] = value;
          x += toSource[0]!;
          y += toSource[4]!;
          z += toSource[8]!;
        }
      }
    }
  }
}
