import { planeAxes, planeShape, planeSpacing, type ViewAxis } from '../../shared/editing/plane';
import type { Vec3 } from '../../shared/volume/mat3';

/** Zoom (1 = the whole plane fits the canvas) and pan (CSS pixels) of one view. */
export interface ViewTransform {
  readonly zoom: number;
  readonly panX: number;
  readonly panY: number;
}

export const FIT: ViewTransform = { zoom: 1, panX: 0, panY: 0 };
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 32;

/** Where the slice image lands on the canvas, in CSS pixels, keeping millimetres square. */
export interface ImageRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Plane size in pixels (columns, rows). */
  readonly cols: number;
  readonly rows: number;
}

export function imageRect(view: ViewAxis, dims: Vec3, spacing: Vec3, canvasW: number, canvasH: number, t: ViewTransform): ImageRect {
  const { width: cols, height: rows } = planeShape(view, dims);
  const { su, sv } = planeSpacing(view, spacing);
  const mmW = cols * su;
  const mmH = rows * sv;
  const scale = Math.min(canvasW / mmW, canvasH / mmH) * t.zoom;
  const w = mmW * scale;
  const h = mmH * scale;
  return { x: (canvasW - w) / 2 + t.panX, y: (canvasH - h) / 2 + t.panY, w, h, cols, rows };
}

/**
 * Canvas point -> continuous in-plane index (u, v) with voxel centres at integers; v is the
 * index along the volume axis (already un-flipped for views drawn superior-up).
 */
export function screenToPlane(view: ViewAxis, r: ImageRect, x: number, y: number): [number, number] {
  const u = ((x - r.x) / r.w) * r.cols - 0.5;
  const vs = ((y - r.y) / r.h) * r.rows - 0.5;
  return [u, planeAxes(view).flipV ? r.rows - 1 - vs : vs];
}

export function planeToScreen(view: ViewAxis, r: ImageRect, u: number, v: number): [number, number] {
  const vs = planeAxes(view).flipV ? r.rows - 1 - v : v;
  return [r.x + ((u + 0.5) / r.cols) * r.w, r.y + ((vs + 0.5) / r.rows) * r.h];
}

/** Zooms by `factor` keeping the point under (x, y) fixed, as image viewers do on wheel+ctrl. */
export function zoomAt(t: ViewTransform, factor: number, x: number, y: number, canvasW: number, canvasH: number): ViewTransform {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, t.zoom * factor));
  const f = zoom / t.zoom;
  // The image centre sits at canvas centre + pan; scale the vector from the point to it.
  const cx = canvasW / 2 + t.panX;
  const cy = canvasH / 2 + t.panY;
  return { zoom, panX: x + (cx - x) * f - canvasW / 2, panY: y + (cy - y) * f - canvasH / 2 };
}
