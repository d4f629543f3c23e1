import type { RasterImage } from '../render/png';

/**
 * Line charts as RGB rasters for the run report (the report's Markdown names the series and
 * axes; the image carries the curves, a frame, grid lines and numeric tick labels in a small
 * built-in digit font, so it reads without any font library).
 */
export interface Series {
  readonly color: readonly [number, number, number];
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly yMin?: number;
  readonly yMax?: number;
}

// 3x5 glyphs, rows top to bottom, 3 bits per row (MSB left).
const GLYPHS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7], '1': [2, 6, 2, 2, 7], '2': [7, 1, 7, 4, 7], '3': [7, 1, 7, 1, 7], '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7], '6': [7, 4, 7, 5, 7], '7': [7, 1, 1, 1, 1], '8': [7, 5, 7, 5, 7], '9': [7, 5, 7, 1, 7],
  '.': [0, 0, 0, 0, 2], '-': [0, 0, 7, 0, 0],
};

export function lineChart(series: readonly Series[], o: ChartOptions = {}): RasterImage {
  const width = o.width ?? 640;
  const height = o.height ?? 360;
  const px = new Uint8Array(width * height * 3).fill(255);
  const set = (x: number, y: number, c: readonly number[]): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const p = (Math.round(y) * width + Math.round(x)) * 3;
    px[p] = c[0]!; px[p + 1] = c[1]!; px[p + 2] = c[2]!;
  };
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs, x0 + 1) : 1;
  let y0 = o.yMin ?? (ys.length ? Math.min(...ys) : 0);
  let y1 = o.yMax ?? (ys.length ? Math.max(...ys) : 1);
  if (y1 - y0 < 1e-9) { y0 -= 0.5; y1 += 0.5; }
  const L = 44, R = width - 12, T = 12, B = height - 24;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (R - L);
  const sy = (y: number) => B - ((y - y0) / (y1 - y0)) * (B - T);
  const text = (s: string, x: number, y: number): void => {
    let cx = x;
    for (const ch of s) {
      const g = GLYPHS[ch];
      if (g) for (let r = 0; r < 5; r++) for (let c = 0; c < 3; c++) if ((g[r]! >> (2 - c)) & 1) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) set(cx + 2 * c + a, y + 2 * r + b, [60, 60, 60]);
      cx += 8;
    }
  };
  for (let t = 0; t <= 4; t++) {
    const yv = y0 + ((y1 - y0) * t) / 4;
    const y = sy(yv);
    for (let x = L; x <= R; x += 2) set(x, y, [215, 215, 215]);
    text(fmt(yv), 2, y - 5);
    const xv = x0 + ((x1 - x0) * t) / 4;
    const x = sx(xv);
    for (let yy = T; yy <= B; yy += 2) set(x, yy, [215, 215, 215]);
    text(fmt(xv), x - 8, B + 6);
  }
  for (let x = L; x <= R; x++) { set(x, B, [0, 0, 0]); set(x, T, [0, 0, 0]); }
  for (let y = T; y <= B; y++) { set(L, y, [0, 0, 0]); set(R, y, [0, 0, 0]); }
  for (const s of series) {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    for (let n = 0; n < pts.length; n++) {
      const [ax, ay] = [sx(pts[n]![0]), sy(pts[n]![1])];
      if (n > 0) {
        const [bx, by] = [sx(pts[n - 1]![0]), sy(pts[n - 1]![1])];
        const steps = Math.max(1, Math.ceil(Math.hypot(ax - bx, ay - by)));
        for (let q = 0; q <= steps; q++) {
          const x = bx + ((ax - bx) * q) / steps;
          const y = by + ((ay - by) * q) / steps;
          set(x, y, s.color); set(x, y + 1, s.color);
        }
      }
      if (pts.length === 1) for (let d = -2; d <= 2; d++) { set(ax + d, ay, s.color); set(ax, ay + d, s.color); }
    }
  }
  return { width, height, channels: 3, pixels: px };
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}
