/** An axial plane of pixels: pixel (i, j) has its centre at (x0 + i*dx, y0 + j*dy) mm. */
export interface PlaneGrid {
  readonly nx: number;
  readonly ny: number;
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
}

/** Inclusive pixel bounds of what a shape touched on a plane. */
export interface PixelBox {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

export function pixelSize(g: PlaneGrid): number {
  return Math.sqrt(g.dx * g.dy);
}

/** Pixel bounds of a world rectangle, clamped to the grid; undefined when it misses the grid. */
export function worldBox(g: PlaneGrid, xMin: number, xMax: number, yMin: number, yMax: number): PixelBox | undefined {
  const i0 = Math.max(0, Math.floor((xMin - g.x0) / g.dx));
  const i1 = Math.min(g.nx - 1, Math.ceil((xMax - g.x0) / g.dx));
  const j0 = Math.max(0, Math.floor((yMin - g.y0) / g.dy));
  const j1 = Math.min(g.ny - 1, Math.ceil((yMax - g.y0) / g.dy));
  return i0 > i1 || j0 > j1 ? undefined : { i0, i1, j0, j1 };
}

export function unionBox(a: PixelBox | undefined, b: PixelBox | undefined): PixelBox | undefined {
  if (!a) return b;
  if (!b) return a;
  return { i0: Math.min(a.i0, b.i0), i1: Math.max(a.i1, b.i1), j0: Math.min(a.j0, b.j0), j1: Math.max(a.j1, b.j1) };
}
