import { createVolume, type Mask, type Volume } from '../../../src/shared/volume/volume';
import { indexToWorld, voxelCount, type Geometry } from '../../../src/shared/volume/geometry';
import { unwrap } from '../../../src/shared/result';
import type { Vec3 } from '../../../src/shared/volume/mat3';

const c = Math.cos(0.25);
const s = Math.sin(0.25);

/** The same small grid written four ways: LPS, RAS (i and j flipped), axes permuted and flipped, oblique in-plane. */
export const ORIENTATIONS: Record<string, { direction: number[]; dims: Vec3; spacing: Vec3; origin: Vec3 }> = {
  LPS: { direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dims: [40, 36, 24], spacing: [0.8, 0.9, 2], origin: [-16, -14, -20] },
  RAS: { direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], dims: [40, 36, 24], spacing: [0.8, 0.9, 2], origin: [16, 18, -20] },
  permuted: { direction: [0, 1, 0, 0, 0, -1, -1, 0, 0], dims: [24, 40, 36], spacing: [2, 0.8, 0.9], origin: [-16, 18, 26] },
  oblique: { direction: [c, -s, 0, s, c, 0, 0, 0, 1], dims: [40, 36, 24], spacing: [0.8, 0.9, 2], origin: [-14, -18, -20] },
};

/** A value linear in world (LPS mm) coordinates: trilinear interpolation reproduces it exactly. */
export const ramp = (w: Vec3): number => 2 * w[0] - 3 * w[1] + 0.75 * w[2] + 100;

export function grid(name: string): Geometry {
  const o = ORIENTATIONS[name]!;
  return unwrap(createVolume(o, new Uint8Array(voxelCount({ dims: o.dims }))));
}

export function rampVolume(g: Geometry): Volume<Float32Array> {
  const data = new Float32Array(voxelCount(g));
  let q = 0;
  for (let k = 0; k < g.dims[2]; k++) for (let j = 0; j < g.dims[1]; j++) for (let i = 0; i < g.dims[0]; i++) data[q++] = ramp(indexToWorld(g, [i, j, k]));
  return { ...g, data };
}

/** Labels set where the world position satisfies `where`. */
export function maskWhere(g: Geometry, where: (w: Vec3) => number): Mask {
  const data = new Uint8Array(voxelCount(g));
  let q = 0;
  for (let k = 0; k < g.dims[2]; k++) for (let j = 0; j < g.dims[1]; j++) for (let i = 0; i < g.dims[0]; i++) data[q++] = where(indexToWorld(g, [i, j, k]));
  return { ...g, data };
}
