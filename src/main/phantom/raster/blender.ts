import type { Layer } from '../scene';
import type { PlaneGrid } from './grid';
import type { PlaneState, PlaneTexture } from './painter';

/**
 * Composites one layer's coverage into the plane, pixel by pixel: HU blends toward the layer's
 * material by the (clipped) coverage, lung and tumour occupancies follow the layer's rules, and
 * the tissue map takes the layer where it covers at least half the pixel. Resets coverage to 0.
 */
export class Blender {
  private hu = 0;
  private coarse = 0;
  private fine = 0;
  private grad = 0;
  private gy0 = 0;
  private opacity = 1;
  private clip: Float32Array | undefined;
  private save: Float32Array | undefined;
  private clipLung = false;
  /** 0 none, 1 keep, 2 set right, 3 set left, 4 set by side. */
  private rule = 0;
  private tumor = 0;
  private tissue = 0;
  private sideSplit = 0;
  private tex: PlaneTexture | undefined;

  constructor(
    private readonly s: PlaneState,
    private readonly cov: Float32Array,
    private readonly grid: PlaneGrid,
    private readonly saved: ReadonlyMap<string, Float32Array>,
  ) {}

  begin(layer: Layer, tex: PlaneTexture): void {
    const m = layer.material;
    this.hu = m.hu;
    this.coarse = m.coarse ?? 0;
    this.fine = m.fine ?? 0;
    this.grad = m.gradient ?? 0;
    this.gy0 = m.gradientY0 ?? 0;
    this.opacity = layer.opacity ?? 1;
    this.clip = layer.clipTo ? this.saved.get(layer.clipTo) : undefined;
    this.save = layer.save ? this.saved.get(layer.save) : undefined;
    this.clipLung = layer.clipToLung === true;
    this.rule = { none: 0, keep: 1, right: 2, left: 3, side: 4 }[layer.lung];
    this.tumor = layer.tumor ?? 0;
    this.tissue = layer.tissue;
    this.sideSplit = Math.ceil(-this.grid.x0 / this.grid.dx);
    this.tex = tex;
  }

  /** The layer's HU on row j before texture (the gradient depends on y only). */
  rowBase(j: number): number {
    return this.hu + this.grad * (this.grid.y0 + j * this.grid.dy - this.gy0);
  }

  /**
   * Blends pixels lo..hi of one row: the same arithmetic as blend(), with the layer's settings
   * held in locals, because this loop runs for about every pixel of every plane.
   */
  blendSpan(row: number, lo: number, hi: number, base: number): void {
    const cov = this.cov;
    const s = this.s;
    const hu = s.hu, occ = s.lungOcc, side = s.lungSide, tumOcc = s.tumOcc, tumId = s.tumId, tissueMap = s.tissue;
    const tex = this.tex!;
    const coarseTex = tex.coarse, fineTex = tex.fine;
    const coarse = this.coarse, fine = this.fine, opacity = this.opacity;
    const save = this.save, clip = this.clip, clipLung = this.clipLung;
    const rule = this.rule, tumor = this.tumor, tissue = this.tissue, split = this.sideSplit;
    const fixed = rule === 2 ? 1 : rule === 3 ? 2 : 0;
    for (let i = lo; i <= hi; i++) {
      const p = row + i;
      let a = cov[p]!;
      if (a <= 0) continue;
      cov[p] = 0;
      if (save) save[p] = a;
      if (clip) a *= clip[p]!;
      if (clipLung) a *= occ[p]!;
      a *= opacity;
      if (a <= 0) continue;
      const h = hu[p]!;
      hu[p] = h + a * (base + coarse * coarseTex[p]! + fine * fineTex[p]! - h);
      if (rule === 0) {
        occ[p] = occ[p]! * (1 - a);
        if (tumor === 0) tumOcc[p] = tumOcc[p]! * (1 - a);
      } else if (rule > 1) {
        occ[p] = occ[p]! + a * (1 - occ[p]!);
        side[p] = fixed || (i < split ? 1 : 2);
      }
      if (tumor > 0) {
        tumOcc[p] = tumOcc[p]! + a * (1 - tumOcc[p]!);
        tumId[p] = tumor;
      }
      if (a >= 0.5) tissueMap[p] = tissue;
    }
  }

  blend(p: number, i: number, base: number): void {
    const cov = this.cov;
    let a = cov[p]!;
    if (a <= 0) return;
    cov[p] = 0;
    if (this.save) this.save[p] = a;
    if (this.clip) a *= this.clip[p]!;
    const s = this.s;
    if (this.clipLung) a *= s.lungOcc[p]!;
    a *= this.opacity;
    if (a <= 0) return;
    const tex = this.tex!;
    const value = base + this.coarse * tex.coarse[p]! + this.fine * tex.fine[p]!;
    s.hu[p] = s.hu[p]! + a * (value - s.hu[p]!);
    const rule = this.rule;
    if (rule === 0) {
      s.lungOcc[p] = s.lungOcc[p]! * (1 - a);
      if (this.tumor === 0) s.tumOcc[p] = s.tumOcc[p]! * (1 - a);
    } else if (rule > 1) {
      s.lungOcc[p] = s.lungOcc[p]! + a * (1 - s.lungOcc[p]!);
      s.lungSide[p] = rule === 2 ? 1 : rule === 3 ? 2 : i < this.sideSplit ? 1 : 2;
    }
    if (this.tumor > 0) {
      s.tumOcc[p] = s.tumOcc[p]! + a * (1 - s.tumOcc[p]!);
      s.tumId[p] = this.tumor;
    }
    if (a >= 0.5) s.tissue[p] = this.tissue;
  }
}
