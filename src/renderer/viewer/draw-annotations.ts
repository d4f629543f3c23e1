import type { AxialBox } from '../../shared/boxes/types';
import { planeAxes, type ViewAxis } from '../../shared/editing/plane';
import type { TumourMeasure } from '../../shared/measure/tumours';
import type { Vec3 } from '../../shared/volume/mat3';
import { planeToScreen, type ImageRect } from './viewport';

const BOX_COLOUR = '#ffd400';
const SELECTED_COLOUR = '#00ff9c';

/** Crosshair through the cursor, drawn as two lines with a gap so the voxel itself stays visible. */
export function drawCrosshair(g: CanvasRenderingContext2D, view: ViewAxis, r: ImageRect, cursor: Vec3): void {
  const a = planeAxes(view);
  const [x, y] = planeToScreen(view, r, cursor[a.u], cursor[a.v]);
  const gap = 8;
  g.strokeStyle = 'rgba(80, 220, 120, 0.75)';
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(r.x, y); g.lineTo(x - gap, y);
  g.moveTo(x + gap, y); g.lineTo(r.x + r.w, y);
  g.moveTo(x, r.y); g.lineTo(x, y - gap);
  g.moveTo(x, y + gap); g.lineTo(x, r.y + r.h);
  g.stroke();
}

/** Axial boxes: rectangles on their slice in the axial view, their extent as a line in the others. */
export function drawBoxes(
  g: CanvasRenderingContext2D, view: ViewAxis, r: ImageRect, slice: number, boxes: readonly AxialBox[], selected: AxialBox | undefined,
): void {
  g.lineWidth = 1.5;
  g.font = '12px system-ui, sans-serif';
  for (const b of boxes) {
    const isSel = selected !== undefined && b.k === selected.k && b.tumor === selected.tumor;
    g.strokeStyle = isSel ? SELECTED_COLOUR : BOX_COLOUR;
    g.fillStyle = g.strokeStyle;
    if (view === 'axial') {
      if (b.k !== slice) continue;
      const [x0, y0] = planeToScreen(view, r, b.i0 - 0.5, b.j0 - 0.5);
      const [x1, y1] = planeToScreen(view, r, b.i1 + 0.5, b.j1 + 0.5);
      g.strokeRect(x0, y0, x1 - x0, y1 - y0);
      g.fillText(`T${b.tumor} ${b.label}`, x0, y0 - 3);
      if (isSel) for (const [hx, hy] of [[x0, y0], [x1, y0], [x0, y1], [x1, y1]] as const) g.fillRect(hx - 3, hy - 3, 6, 6);
    } else {
      // Coronal shows the box where the plane j = slice cuts it; sagittal where i = slice does.
      const [lo, hi, along0, along1] = view === 'coronal' ? [b.j0, b.j1, b.i0, b.i1] : [b.i0, b.i1, b.j0, b.j1];
      if (slice < lo || slice > hi) continue;
      const [x0, y0] = planeToScreen(view, r, along0 - 0.5, b.k);
      const [x1] = planeToScreen(view, r, along1 + 0.5, b.k);
      g.beginPath();
      g.moveTo(x0, y0); g.lineTo(x1, y0);
      g.stroke();
    }
  }
}

/** Longest axial diameter and its perpendicular, on the slice where they were measured. */
export function drawMeasures(g: CanvasRenderingContext2D, r: ImageRect, slice: number, list: readonly TumourMeasure[]): void {
  g.font = '12px system-ui, sans-serif';
  for (const m of list) {
    if (m.axialSlice !== slice) continue;
    const line = (pts: readonly (readonly [number, number])[], colour: string): void => {
      const [a, b] = pts as [readonly [number, number], readonly [number, number]];
      const [x0, y0] = planeToScreen('axial', r, a[0] - 0.5, a[1] - 0.5);
      const [x1, y1] = planeToScreen('axial', r, b[0] - 0.5, b[1] - 0.5);
      g.strokeStyle = colour;
      g.lineWidth = 1.5;
      g.beginPath(); g.moveTo(x0, y0); g.lineTo(x1, y1); g.stroke();
    };
    line(m.longestLine, '#ff9f1c');
    line(m.perpendicularLine, '#2ec4b6');
    const [tx, ty] = planeToScreen('axial', r, m.longestLine[1][0], m.longestLine[1][1]);
    g.fillStyle = '#ffffff';
    g.fillText(`#${m.id} ${m.longestAxialMm.toFixed(1)} x ${m.perpendicularMm.toFixed(1)} mm`, tx + 4, ty);
  }
}

/** Orientation letters and the slice caption, over a dark band so they read on any image. */
export function drawLabels(
  g: CanvasRenderingContext2D, w: number, h: number, edges: { left: string; right: string; top: string; bottom: string }, caption: string[],
): void {
  g.font = '13px system-ui, sans-serif';
  g.fillStyle = '#ffd27f';
  g.textBaseline = 'middle';
  g.textAlign = 'left';
  g.fillText(edges.left, 6, h / 2);
  g.textAlign = 'right';
  g.fillText(edges.right, w - 6, h / 2);
  g.textAlign = 'center';
  g.textBaseline = 'top';
  g.fillText(edges.top, w / 2, 4);
  g.textBaseline = 'bottom';
  g.fillText(edges.bottom, w / 2, h - 4);
  g.textAlign = 'left';
  g.textBaseline = 'top';
  // A dark band under each caption line keeps it readable over bright bone or contrast.
  caption.forEach((line, n) => {
    g.fillStyle = 'rgba(0, 0, 0, 0.6)';
    g.fillRect(3, 2 + n * 16, g.measureText(line).width + 6, 16);
    g.fillStyle = '#e8e8e8';
    g.fillText(line, 6, 4 + n * 16);
  });
}
