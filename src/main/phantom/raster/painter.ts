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
    scene.layers.forEach((layer, i) => {
      if (layer.shape.kind === 'tubes') this.tubeIndex.set(i, indexTubes(layer.shape));
      if (layer.save && !this.saved.has(layer.save)) this.saved.set(layer.save, new Float32Array(n));
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
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      this.touched.clear();
      this.rasterize(layer.shape, i, z, dzSub);
      if (!this.touched.empty) this.composite(layer, tex);
    }
    return s;
  }

  private rasterize(shape: Shape, layerIndex: number, z: number, dzSub: number): void {
    const g = this.grid;
    let n = 0;
    switch (shape.kind) {
      case 'loft': n = loftOutline(shape, z, this.xs, this.ys); break;
      case 'ellipsoid': n = ellipsoidOutline(shape, z, this.xs, this.ys); break;
      case 'cylinder': n = cylinderOutline(shape, z, this.xs, this.ys); break;
      case 'prism': n = prismOutline(shape, z, this.xs, this.ys); break;
      case 'tubes': return rasterTubes(shape, this.tubeIndex.get(layerIndex)!, z, g, this.cov, this.touched);
      case 'blob': return rasterBlob(shape, z, g, this.cov, this.touched);
      case 'sheet': return rasterSheet(shape, z, dzSub, g, this.cov, this.touched);
    }
    if (n >= 3) this.filler.fill(this.xs, this.ys, n, this.cov, this.touched);
  }

  private composite(layer: Layer, tex: PlaneTexture): void {
    const nx = this.grid.nx;
    const t = this.touched;
    const b = this.blender;
    b.begin(layer, tex);
    for (let q = 0; q < t.spanCount; q++) {
      const j = t.spans[3 * q]!;
      const row = j * nx;
      const base = b.rowBase(j);
      for (let i = t.spans[3 * q + 1]!; i <= t.spans[3 * q + 2]!; i++) b.blend(row + i, i, base);
    }
    for (let q = 0; q < t.pixelCount; q++) {
      const p = t.pixels[q]!;
      const j = (p / nx) | 0;
      b.blend(p, p - j * nx, b.rowBase(j));
    }
  }
}
