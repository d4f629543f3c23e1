import type { Layer, Scene, Shape } from '../scene';
import { rasterBlob } from './blob';
import type { PlaneGrid } from './grid';
import { Blender } from './blender';
import { Touched } from './touched';
import { cylinderOutline, ellipsoidOutline, loftOutline, MAX_OUTLINE_VERTICES, prismOutline } from './outline';
import { PolygonFiller } from './polygon';
import { rasterSheet } from './sheet';
import { indexTubes, rasterTubes, type TubeIndex } from './tubes';

/** What one painted plane holds: HU before scanner effects, and the label occupancies. */
export interface PlaneState {
  readonly hu: Float32Array;
  /** Fraction of the pixel that is lung (tumours inside a lung count as lung). */
  readonly lungOcc: Float32Array;
  /** 1 = right lung, 2 = left lung, for pixels with lung occupancy. */
  readonly lungSide: Uint8Array;
  readonly tumOcc: Float32Array;
  readonly tumId: Uint8Array;
  /** Tissue covering at least half of the pixel, painter's order. */
  readonly tissue: Uint8Array;
}

/** Texture noise for the plane (coarse and fine), shared by the layers that ask for it. */
export interface PlaneTexture {
  readonly coarse: Float32Array;
  readonly fine: Float32Array;
}

export class Painter {
  private readonly filler: PolygonFiller;
  private readonly cov: Float32Array;
  private readonly touched: Touched;
  private readonly blender: Blender;
  private readonly xs = new Float64Array(MAX_OUTLINE_VERTICES);
  private readonly ys = new Float64Array(MAX_OUTLINE_VERTICES);
  private readonly tubeIndex = new Map<number, TubeIndex>();
  private readonly saved = new Map<string, Float32Array>();
  /** Layers whose full-coverage interior erases everything painted before (see occluders()). */
  private readonly killers: number[] = [];
  private readonly solidLo: Int32Array[] = [];
  private readonly solidHi: Int32Array[] = [];
  /** Per killer position q: the widest solid interval per row among killers q and later. */
  private readonly bestLo: Int32Array[] = [];
  private readonly bestHi: Int32Array[] = [];
  readonly state: PlaneState;

  constructor(private readonly scene: Scene, private readonly grid: PlaneGrid) {
    const n = grid.nx * grid.ny;
    this.filler = new PolygonFiller(grid);
    this.cov = new Float32Array(n);
    this.touched = new Touched(grid.ny, n);
    this.state = {
      hu: new Float32Array(n), lungOcc: new Float32Array(n), lungSide: new Uint8Array(n),
      tumOcc: new Float32Array(n), tumId: new Uint8Array(n), tissue: new Uint8Array(n),
    };
    this.blender = new Blender(this.state, this.cov, grid, this.saved);
    const firstTumor = scene.layers.findIndex((l) => (l.tumor ?? 0) > 0);
    scene.layers.forEach((layer, i) => {
      if (layer.shape.kind === 'tubes') this.tubeIndex.set(i, indexTubes(layer.shape));
      if (layer.save && !this.saved.has(layer.save)) this.saved.set(layer.save, new Float32Array(n));
      // Where such a layer covers a pixel completely it sets HU, lung and tumour occupancy and
      // tissue outright, whatever was there: nothing painted before needs painting there.
      const outline = ['loft', 'ellipsoid', 'cylinder', 'prism'].includes(layer.shape.kind);
      const opaque = layer.lung !== 'keep' && !layer.clipTo && !layer.clipToLung && (layer.opacity ?? 1) === 1 && !layer.tumor;
      if (outline && opaque && (firstTumor < 0 || i < firstTumor)) {
        this.killers.push(i);
        for (const a of [this.solidLo, this.solidHi, this.bestLo, this.bestHi]) a.push(new Int32Array(grid.ny));
      }
    });
  }

  /** Paints every layer at height z; dzSub is the slab thickness this plane stands for. */
  paint(z: number, dzSub: number, tex: PlaneTexture): PlaneState {
    const s = this.state;
    s.hu.fill(-1000);
    s.lungOcc.fill(0);
    s.lungSide.fill(0);
    s.tumOcc.fill(0);
    s.tumId.fill(0);
    s.tissue.fill(0);
    for (const buf of this.saved.values()) buf.fill(0);
    const layers = this.scene.layers;
    this.occluders(z);
    let q = 0;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      while (q < this.killers.length && this.killers[q]! <= i) q++;
      this.touched.clear();
      const occ = q < this.killers.length ? q : -1;
      this.rasterize(layer, i, z, dzSub, occ);
      if (!this.touched.empty) this.composite(layer, tex, occ);
    }
    return s;
  }

  /** Solid rows of every killer at z, then for each the widest solid interval of it or any later killer. */
  private occluders(z: number): void {
    const ny = this.grid.ny;
    const shapes = this.scene.layers;
    this.killers.forEach((li, q) => {
      const n = this.outline(shapes[li]!.shape, z);
      if (n >= 3) this.filler.solidRows(this.xs, this.ys, n, this.solidLo[q]!, this.solidHi[q]!);
      else {
        this.solidLo[q]!.fill(1);
        this.solidHi[q]!.fill(0);
      }
    });
    for (let q = this.killers.length - 1; q >= 0; q--) {
      const lo = this.solidLo[q]!, hi = this.solidHi[q]!, blo = this.bestLo[q]!, bhi = this.bestHi[q]!;
      const nlo = this.bestLo[q + 1], nhi = this.bestHi[q + 1];
      for (let j = 0; j < ny; j++) {
        let l = lo[j]!, h = hi[j]!;
        if (nlo && nhi && nhi[j]! - nlo[j]! > h - l) {
          l = nlo[j]!;
          h = nhi[j]!;
        }
        blo[j] = l;
        bhi[j] = h;
      }
    }
  }

  private outline(shape: Shape, z: number): number {
    switch (shape.kind) {
      case 'loft': return loftOutline(shape, z, this.xs, this.ys);
      case 'ellipsoid': return ellipsoidOutline(shape, z, this.xs, this.ys);
      case 'cylinder': return cylinderOutline(shape, z, this.xs, this.ys);
      case 'prism': return prismOutline(shape, z, this.xs, this.ys);
      default: return 0;
    }
  }

  private rasterize(layer: Layer, layerIndex: number, z: number, dzSub: number, occ: number): void {
    const g = this.grid;
    const shape = layer.shape;
    switch (shape.kind) {
      case 'tubes': return rasterTubes(shape, this.tubeIndex.get(layerIndex)!, z, g, this.cov, this.touched);
      case 'blob': return rasterBlob(shape, z, g, this.cov, this.touched);
      case 'sheet': return rasterSheet(shape, z, dzSub, g, this.cov, this.touched);
      default: {
        const n = this.outline(shape, z);
        // A layer whose coverage is saved for clipping must write all of it.
        const skip = occ >= 0 && !layer.save;
        if (n >= 3) this.filler.fill(this.xs, this.ys, n, this.cov, this.touched, skip ? this.bestLo[occ] : undefined, skip ? this.bestHi[occ] : undefined);
      }
    }
  }

  /**
   * Blends the layer's coverage into the plane, except where killer `q` or a later one covers
   * the pixel completely: there the layer's paint would be erased, so only its saved coverage
   * (for later clipping) is kept and its coverage is cleared.
   */
  private composite(layer: Layer, tex: PlaneTexture, q: number): void {
    const nx = this.grid.nx;
    const t = this.touched;
    const b = this.blender;
    const oLo = q >= 0 ? this.bestLo[q]! : undefined;
    const oHi = q >= 0 ? this.bestHi[q]! : undefined;
    const save = layer.save ? this.saved.get(layer.save) : undefined;
    const cov = this.cov;
    b.begin(layer, tex);
    for (let k = 0; k < t.spanCount; k++) {
      const j = t.spans[3 * k]!;
      const row = j * nx;
      const base = b.rowBase(j);
      const lo = t.spans[3 * k + 1]!, hi = t.spans[3 * k + 2]!;
      const ol = oLo ? oLo[j]! : 1, oh = oHi ? oHi[j]! : 0;
      if (oh < ol || oh < lo || ol > hi) {
        b.blendSpan(row, lo, hi, base);
        continue;
      }
      if (lo < ol) b.blendSpan(row, lo, ol - 1, base);
      const h = Math.min(hi, oh);
      for (let i = Math.max(lo, ol); i <= h; i++) {
        if (save) save[row + i] = cov[row + i]!;
        cov[row + i] = 0;
      }
      if (oh < hi) b.blendSpan(row, oh + 1, hi, base);
    }
    for (let k = 0; k < t.pixelCount; k++) {
      const p = t.pixels[k]!;
      const j = (p / nx) | 0;
      const i = p - j * nx;
      if (oLo && i >= oLo[j]! && i <= oHi![j]!) {
        if (save) save[p] = cov[p]!;
        cov[p] = 0;
        continue;
      }
      b.blend(p, i, b.rowBase(j));
    }
  }
}
