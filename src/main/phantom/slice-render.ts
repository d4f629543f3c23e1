import { noisePlane } from './lattice-noise';
import type { PlaneGrid } from './raster/grid';
import { Painter, type PlaneTexture } from './raster/painter';
import type { Scene } from './scene';
import { kernelFilter, SliceScanner } from './scanner';
import type { ScanProtocol } from './protocol';

/** One reconstructed slice: HU after scanner effects and its exact labels. */
export interface RenderedSlice {
  readonly k: number;
  readonly hu: Int16Array;
  /** 0 outside the lungs, 1 right lung, 2 left lung (tumours inside a lung included). */
  readonly lungs: Uint8Array;
  /** Tumour label (1..K) where that tumour fills at least half of the voxel. */
  readonly tumor: Uint8Array;
  /** Tissue at the voxel centre (see tissues.ts), before scanner effects. */
  readonly tissue: Uint8Array;
}

/** At most this many mm between the planes averaged into a slice (partial volume along z). */
const PLANE_STEP_MM: Record<ScanProtocol['size'], number> = { small: 1.7, full: 1.5 };

export function sliceGrid(p: ScanProtocol): PlaneGrid {
  const half = ((p.matrix - 1) / 2) * p.pixelMm;
  return { nx: p.matrix, ny: p.matrix, x0: p.centre[0] - half, y0: p.centre[1] - half, dx: p.pixelMm, dy: p.pixelMm };
}

/**
 * Renders slices of one scan. A slice of thickness T is the mean of M planes spread evenly over
 * T, each painted exactly; label occupancies are averaged the same way, so a voxel belongs to a
 * tumour (or a lung) when that structure fills at least half of it. Nothing here depends on
 * which other slices this renderer draws, so any split over threads gives the same bytes.
 */
export class SliceRenderer {
  private readonly painter: Painter;
  private readonly scanner: SliceScanner;
  private readonly grid: PlaneGrid;
  private readonly tex: PlaneTexture;
  private readonly acc: { hu: Float32Array; right: Float32Array; left: Float32Array; tum: Float32Array; tumId: Uint8Array };

  constructor(private readonly scene: Scene, private readonly protocol: ScanProtocol) {
    this.grid = sliceGrid(protocol);
    this.painter = new Painter(scene, this.grid);
    this.scanner = new SliceScanner(this.grid.nx, this.grid.ny, kernelFilter(protocol.kernel, protocol.pixelMm));
    const n = this.grid.nx * this.grid.ny;
    this.tex = { coarse: new Float32Array(n), fine: new Float32Array(n) };
    this.acc = { hu: new Float32Array(n), right: new Float32Array(n), left: new Float32Array(n), tum: new Float32Array(n), tumId: new Uint8Array(n) };
  }

  /** Renders slice k into `out` (views of the volumes, in-process) or into new arrays. */
  render(k: number, out?: Omit<RenderedSlice, 'k'>): RenderedSlice {
    const p = this.protocol;
    const g = this.grid;
    const n = g.nx * g.ny;
    const zc = p.zBottom + k * p.sliceSpacing;
    const planes = Math.max(1, Math.ceil(p.sliceThickness / PLANE_STEP_MM[p.size] - 1e-9));
    const dzSub = p.sliceThickness / planes;
    const seed = this.scene.textureSeed;
    noisePlane(this.tex.coarse, g.nx, g.x0, g.dx, g.y0, g.dy, zc, 12, seed, 0, g.ny - 1);
    noisePlane(this.tex.fine, g.nx, g.x0, g.dx, g.y0, g.dy, zc, 3, seed ^ 0x51ed27, 0, g.ny - 1);
    const a = this.acc;
    const lungs = out?.lungs ?? new Uint8Array(n);
    const tumor = out?.tumor ?? new Uint8Array(n);
    const tissue = out?.tissue ?? new Uint8Array(n);
    if (planes === 1) {
      // Thin slices: one plane is the slice; no averaging needed.
      const s = this.painter.paint(zc, dzSub, this.tex);
      a.hu.set(s.hu);
      tissue.set(s.tissue);
      for (let q = 0; q < n; q++) {
        lungs[q] = s.lungOcc[q]! >= 0.5 ? s.lungSide[q]! : 0;
        tumor[q] = s.tumOcc[q]! >= 0.5 ? s.tumId[q]! : 0;
      }
    } else {
      a.hu.fill(0);
      a.right.fill(0);
      a.left.fill(0);
      a.tum.fill(0);
      a.tumId.fill(0);
      const centrePlane = Math.floor(planes / 2);
      for (let m = 0; m < planes; m++) {
        const z = zc - p.sliceThickness / 2 + (m + 0.5) * dzSub;
        const s = this.painter.paint(z, dzSub, this.tex);
        for (let q = 0; q < n; q++) {
          a.hu[q] = a.hu[q]! + s.hu[q]!;
          const occ = s.lungOcc[q]!;
          if (occ > 0) {
            if (s.lungSide[q] === 1) a.right[q] = a.right[q]! + occ;
            else a.left[q] = a.left[q]! + occ;
          }
          const t = s.tumOcc[q]!;
          if (t > 0) {
            a.tum[q] = a.tum[q]! + t;
            a.tumId[q] = s.tumId[q]!;
          }
        }
        if (m === centrePlane) tissue.set(s.tissue);
      }
      const half = planes / 2;
      for (let q = 0; q < n; q++) {
        a.hu[q] = a.hu[q]! / planes;
        lungs[q] = a.right[q]! >= half ? 1 : a.left[q]! >= half ? 2 : 0;
        tumor[q] = a.tum[q]! >= half ? a.tumId[q]! : 0;
      }
    }
    const hu = out?.hu ?? new Int16Array(n);
    this.scanner.apply(a.hu, p.noiseHu, seed, k, hu);
    return { k, hu, lungs, tumor, tissue };
  }
}
