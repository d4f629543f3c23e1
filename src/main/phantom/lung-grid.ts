import { Painter } from './raster/painter';
import type { Layer } from './scene';
import type { Rng } from '../../shared/random';

/**
 * The lungs painted once on a coarse grid (a few mm), by the same painter as the scan. Growing
 * the vessel trees needs thousands of points spread through the lungs; drawing them from this
 * grid costs one coarse rendering instead of a point-in-anatomy test per candidate.
 */
export interface LungGrid {
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly step: number;
  readonly dims: readonly [number, number, number];
  /** Per voxel: 0 none, 1 right lung, 2 left lung (where lung fills at least half the voxel). */
  readonly side: Uint8Array;
}

export function paintLungGrid(layers: readonly Layer[], box: { x: number; y0: number; y1: number; z0: number; z1: number }, step: number): LungGrid {
  const nx = Math.ceil((2 * box.x) / step) + 1;
  const ny = Math.ceil((box.y1 - box.y0) / step) + 1;
  const nz = Math.ceil((box.z1 - box.z0) / step) + 1;
  const grid = { nx, ny, x0: -box.x, y0: box.y0, dx: step, dy: step };
  const painter = new Painter({ layers, textureSeed: 0, bounds: { zMin: box.z0, zMax: box.z1 } }, grid);
  const tex = { coarse: new Float32Array(nx * ny), fine: new Float32Array(nx * ny) };
  const side = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    const s = painter.paint(box.z0 + k * step, step, tex);
    for (let q = 0; q < nx * ny; q++) if (s.lungOcc[q]! >= 0.5) side[k * nx * ny + q] = s.lungSide[q]!;
  }
  return { x0: -box.x, y0: box.y0, z0: box.z0, step, dims: [nx, ny, nz], side };
}

/** Points spread uniformly through each lung: `perLung` per side, each jittered inside its voxel. */
export function sampleLungGrid(g: LungGrid, perLung: number, rng: Rng): { xyz: Float64Array; side: Uint8Array } {
  const [nx, ny] = g.dims;
  const voxels: number[][] = [[], [], []];
  for (let q = 0; q < g.side.length; q++) if (g.side[q]) voxels[g.side[q]!]!.push(q);
  const xyz: number[] = [];
  const side: number[] = [];
  for (const s of [1, 2]) {
    const list = voxels[s]!;
    if (list.length === 0) continue;
    for (let n = 0; n < perLung; n++) {
      const q = list[rng.int(0, list.length - 1)]!;
      const i = q % nx, j = Math.floor(q / nx) % ny, k = Math.floor(q / (nx * ny));
      xyz.push(g.x0 + (i + rng.range(-0.5, 0.5)) * g.step, g.y0 + (j + rng.range(-0.5, 0.5)) * g.step, g.z0 + (k + rng.range(-0.5, 0.5)) * g.step);
      side.push(s);
    }
  }
  return { xyz: Float64Array.from(xyz), side: Uint8Array.from(side) };
}
