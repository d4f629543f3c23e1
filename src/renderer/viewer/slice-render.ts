import { LUT_OFFSET } from '../../shared/editing/window-level';
import { planeAxes, planeShape, type ViewAxis } from '../../shared/editing/plane';
import type { Vec3 } from '../../shared/volume/mat3';

/**
 * Drawing a slice ourselves (one table lookup per pixel into a 32-bit RGBA buffer, then one
 * putImageData and a scaled drawImage) keeps scrolling within a frame in headless Chromium,
 * where WebGL2 runs in software: there vtk.js's image mapper filling the same 768x768 canvas
 * took tens to hundreds of milliseconds per frame, and so did a hand-written WebGL2 shader
 * path (tried and dropped), against a few milliseconds for this. bench/viewer.ts measures it.
 */

export type OverlayMode = 'fill' | 'outline' | 'both';

export interface SliceOverlay {
  /** Non-zero voxels on the CT grid are drawn. */
  readonly data: Uint8Array;
  readonly color: readonly [number, number, number];
  /** 0..1 for the fill. */
  readonly opacity: number;
  readonly mode: OverlayMode;
}

/** Packs grey level g as an opaque little-endian RGBA pixel (what ImageData's Uint32 view holds). */
function grey32(g: number): number {
  return (0xff000000 | (g << 16) | (g << 8) | g) >>> 0;
}

/** HU -> packed RGBA pixel for every Int16 value, from an 8-bit window table. */
export function packLut(grey: Uint8Array, out: Uint32Array = new Uint32Array(65536)): Uint32Array {
  for (let n = 0; n < 65536; n++) out[n] = grey32(grey[n]!);
  return out;
}

/** Blended pixel for each of the 256 grey levels, for one overlay colour and opacity. */
function blendTable(color: readonly [number, number, number], alpha: number): Uint32Array {
  const t = new Uint32Array(256);
  const a = Math.min(1, Math.max(0, alpha));
  for (let g = 0; g < 256; g++) {
    const r = Math.round(g * (1 - a) + color[0] * a);
    const gg = Math.round(g * (1 - a) + color[1] * a);
    const b = Math.round(g * (1 - a) + color[2] * a);
    t[g] = (0xff000000 | (b << 16) | (gg << 8) | r) >>> 0;
  }
  return t;
}

export interface SliceSource {
  readonly dims: Vec3;
  readonly data: Int16Array;
}

/**
 * Voxel offsets of a slice's pixels, row by row: base + u*du + v*dv, with rows flipped for
 * views that show superior up. Shared by the CT and every overlay.
 */
export function sliceAddressing(view: ViewAxis, dims: Vec3, slice: number): { base: number; du: number; dv: number; width: number; height: number } {
  const a = planeAxes(view);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const { width, height } = planeShape(view, dims);
  const du = strides[a.u]!;
  let dv = strides[a.v]!;
  let base = slice * strides[a.normal]!;
  if (a.flipV) {
    base += (height - 1) * dv;
    dv = -dv;
  }
  return { base, du, dv, width, height };
}

/**
 * Writes the slice into `out` (width*height pixels, screen rows top to bottom) and returns
 * the plane size. `out` is a Uint32 view of an ImageData buffer.
 */
export function renderSlice(
  out: Uint32Array, ct: SliceSource, view: ViewAxis, slice: number, lut: Uint32Array, overlays: readonly SliceOverlay[] = [],
): { width: number; height: number } {
  const { base, du, dv, width, height } = sliceAddressing(view, ct.dims, slice);
  const src = ct.data;
  let o = 0;
  for (let v = 0; v < height; v++) {
    let p = base + v * dv;
    if (du === 1) {
      for (let u = 0; u < width; u++) out[o++] = lut[src[p++]! + LUT_OFFSET]!;
    } else {
      for (let u = 0; u < width; u++, p += du) out[o++] = lut[src[p]! + LUT_OFFSET]!;
    }
  }
  for (const ov of overlays) drawOverlay(out, ov, base, du, dv, width, height);
  return { width, height };
}

function drawOverlay(out: Uint32Array, ov: SliceOverlay, base: number, du: number, dv: number, width: number, height: number): void {
  const fill = ov.mode !== 'outline' && ov.opacity > 0 ? blendTable(ov.color, ov.opacity) : undefined;
  const line = ov.mode !== 'fill' ? blendTable(ov.color, 1) : undefined;
  const m = ov.data;
  for (let v = 0; v < height; v++) {
    const row = base + v * dv;
    const o = v * width;
    for (let u = 0; u < width; u++) {
      const p = row + u * du;
      if (m[p] === 0) continue;
      const g = out[o + u]! & 0xff;
      // Outline: a mask pixel with an in-plane neighbour outside the mask (or at the edge).
      if (line && (u === 0 || v === 0 || u === width - 1 || v === height - 1 ||
          m[p - du] === 0 || m[p + du] === 0 || m[p - dv] === 0 || m[p + dv] === 0)) {
        out[o + u] = line[g]!;
      } else if (fill) {
        out[o + u] = fill[g]!;
      }
    }
  }
}

/** The CT value at voxel (i, j, k), or undefined outside the grid. */
export function valueAt(ct: SliceSource, i: number, j: number, k: number): number | undefined {
  const [nx, ny, nz] = ct.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return undefined;
  return ct.data[i + nx * (j + ny * k)];
}
