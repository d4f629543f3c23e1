import type { Vec3 } from '../../shared/volume/mat3';
import { randInt, type Random } from '../../shared/random';

/**
 * Patches and their augmentation. Arrays are i fastest with dims [nx, ny, nz] (k = axial
 * slice); the engine's patch shape is the same box written [D, H, W] = [nz, ny, nx].
 *
 * Augmentation (the list): mirror flips of the two in-plane axes, 90-degree rotations
 * in the axial plane (only when the patch is square in-plane, so the shape never changes), and
 * a small intensity jitter (scale and shift) applied to the CT channel only. Geometric
 * transforms are applied identically to every channel and target of a sample.
 */
export interface Augment {
  /** Quarter turns in the axial plane. */
  readonly rot: 0 | 1 | 2 | 3;
  readonly flipI: boolean;
  readonly flipJ: boolean;
  /** CT' = CT * scale + shift (z-score units). */
  readonly scale: number;
  readonly shift: number;
}

export const NO_AUGMENT: Augment = { rot: 0, flipI: false, flipJ: false, scale: 1, shift: 0 };

export interface AugmentOptions {
  readonly rot90: boolean;
  readonly flips: boolean;
  /** Scale drawn from [1 - s, 1 + s]. */
  readonly scaleJitter: number;
  /** Shift drawn from [-s, s]. */
  readonly shiftJitter: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { rot90: true, flips: true, scaleJitter: 0.1, shiftJitter: 0.1 };

export function drawAugment(r: Random, o: AugmentOptions, squareInPlane: boolean): Augment {
  return {
    rot: (o.rot90 && squareInPlane ? randInt(r, 4) : 0) as Augment['rot'],
    flipI: o.flips && r() < 0.5,
    flipJ: o.flips && r() < 0.5,
    scale: 1 + (r() * 2 - 1) * o.scaleJitter,
    shift: (r() * 2 - 1) * o.shiftJitter,
  };
}

/**
 * For output in-plane index (u, v) of a patch of size (nx, ny), the patch-local source index
 * (a, b) before augmentation: rotate first, then flip. Rotations by an odd number of quarter
 * turns need nx === ny.
 */
function sourceInPlane(aug: Augment, nx: number, ny: number): { a: Int32Array; b: Int32Array } {
  const a = new Int32Array(nx * ny);
  const b = new Int32Array(nx * ny);
  for (let v = 0; v < ny; v++) {
    for (let u = 0; u < nx; u++) {
      let x = u;
      let y = v;
      if (aug.rot === 1) [x, y] = [v, nx - 1 - u];
      else if (aug.rot === 2) [x, y] = [nx - 1 - u, ny - 1 - v];
      else if (aug.rot === 3) [x, y] = [ny - 1 - v, u];
      if (aug.flipI) x = nx - 1 - x;
      if (aug.flipJ) y = ny - 1 - y;
      a[u + nx * v] = x;
      b[u + nx * v] = y;
    }
  }
  return { a, b };
}

export interface PatchSource {
  readonly data: ArrayLike<number>;
  readonly dims: Vec3;
}

/**
 * Copies the box at `start` of size `size` from `src` into `out` (at `outOffset`), through the
 * augmentation's in-plane transform; voxels outside the source read `pad`. `map(x)` is applied
 * to every copied value (not to padding), e.g. HU -> z-score and intensity jitter.
 */
export function extractPatch(
  src: PatchSource, start: Vec3, size: Vec3, pad: number, aug: Augment,
  out: Float32Array, outOffset = 0, map?: (x: number) => number,
): Float32Array {
  const [nx, ny, nz] = size;
  if (aug.rot % 2 === 1 && nx !== ny) throw new Error(`extractPatch: a quarter turn needs a square in-plane patch, got ${nx}x${ny}`);
  const [sx, sy, sz] = src.dims;
  const { a, b } = sourceInPlane(aug, nx, ny);
  const plane = nx * ny;
  for (let k = 0; k < nz; k++) {
    const z = start[2] + k;
    const base = outOffset + k * plane;
    if (z < 0 || z >= sz) {
      out.fill(pad, base, base + plane);
      continue;
    }
    const zOff = z * sx * sy;
    for (let p = 0; p < plane; p++) {
      const x = start[0] + a[p]!;
      const y = start[1] + b[p]!;
      if (x < 0 || y < 0 || x >= sx || y >= sy) out[base + p] = pad;
      else {
        const value = src.data[zOff + x + sx * y]!;
        out[base + p] = map ? map(value) : value;
      }
    }
  }
  return out;
}

/**
 * Undoes an augmentation's in-plane transform on a patch (e.g. a prediction made on an
 * augmented input), so it lines up with the unaugmented patch again.
 */
export function unaugmentPatch(patch: Float32Array, size: Vec3, aug: Augment): Float32Array {
  const [nx, ny, nz] = size;
  const { a, b } = sourceInPlane(aug, nx, ny);
  const out = new Float32Array(patch.length);
  const plane = nx * ny;
  for (let k = 0; k < nz; k++) {
    for (let p = 0; p < plane; p++) out[k * plane + a[p]! + nx * b[p]!] = patch[k * plane + p]!;
  }
  return out;
}

/**
 * A patch start whose box holds `centre` (continuous index) away from its borders: the centre
 * lands within the middle half of the patch on each axis, at a random place.
 */
export function startAround(centre: Vec3, size: Vec3, r: Random): Vec3 {
  const s = [0, 1, 2].map((ax) => {
    const n = size[ax]!;
    const jitter = (r() - 0.5) * (n / 2);
    return Math.round(centre[ax]! - (n - 1) / 2 + jitter);
  });
  return [s[0]!, s[1]!, s[2]!];
}

/** A patch start with the patch's centre at a random voxel of [lo, hi] (inclusive). */
export function startWithin(lo: Vec3, hi: Vec3, size: Vec3, r: Random): Vec3 {
  const s = [0, 1, 2].map((ax) => {
    const c = lo[ax]! + randInt(r, Math.max(1, hi[ax]! - lo[ax]! + 1));
    return c - Math.floor(size[ax]! / 2);
  });
  return [s[0]!, s[1]!, s[2]!];
}
