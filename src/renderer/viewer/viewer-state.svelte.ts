import { WINDOW_PRESETS, type WindowLevel } from '../../shared/editing/window-level';
import type { ViewAxis } from '../../shared/editing/plane';
import type { AxialBox } from '../../shared/boxes/types';
import type { TumourMeasure } from '../../shared/measure/tumours';
import type { Vec3 } from '../../shared/volume/mat3';
import type { OverlayMode } from './slice-render';
import { FIT, type ViewTransform } from './viewport';

/**
 * navigate: click sets the crosshair, drag pans. window: drag sets window/level. box: draw and
 * edit axial boxes. brush/eraser: paint the mask. pick-erase/pick-keep: click a component.
 */
export type Tool = 'navigate' | 'window' | 'box' | 'brush' | 'eraser' | 'pick-erase' | 'pick-keep';

export const TOOL_KEYS: Record<Tool, { key: string; title: string }> = {
  navigate: { key: 'n', title: 'Navigate (N)' },
  window: { key: 'w', title: 'Window/level (W)' },
  box: { key: 'x', title: 'Box (X)' },
  brush: { key: 'b', title: 'Brush (B)' },
  eraser: { key: 'e', title: 'Eraser (E)' },
  'pick-erase': { key: 'd', title: 'Erase component (D)' },
  'pick-keep': { key: 'k', title: 'Keep component (K)' },
};

export interface OverlayStyle {
  visible: boolean;
  color: [number, number, number];
  opacity: number;
  mode: OverlayMode;
}

/** What the viewer shows and how: shared by the three slice views and the panels. */
export class ViewerState {
  cursor = $state<Vec3>([0, 0, 0]);
  wl = $state<WindowLevel>({ center: WINDOW_PRESETS.lung.center, width: WINDOW_PRESETS.lung.width });
  transforms = $state<Record<ViewAxis, ViewTransform>>({ axial: FIT, coronal: FIT, sagittal: FIT });
  tool = $state<Tool>('navigate');
  brushMm = $state(3);
  huLimit = $state({ enabled: false, min: -400, max: 400 });
  mask = $state<OverlayStyle>({ visible: true, color: [255, 60, 60], opacity: 0.4, mode: 'both' });
  compare = $state<OverlayStyle>({ visible: true, color: [60, 200, 255], opacity: 0.0, mode: 'outline' });
  showBoxes = $state(true);
  showMeasures = $state(true);
  crosshair = $state(true);
  /** The view that keyboard scrolling acts on (the last one hovered or focused). */
  active = $state<ViewAxis>('axial');
  /** Box tool: the selected box, and the tumour and label new boxes get. */
  selectedBox = $state.raw<AxialBox | undefined>(undefined);
  boxTumour = $state(1);
  boxLabel = $state('A');
  /** Tumour measurements of the working mask, drawn on their slices. */
  measures = $state.raw<TumourMeasure[]>([]);
  /** What the pointer is over: voxel and HU, for the status line. */
  probe = $state<{ index: Vec3; hu: number | undefined } | undefined>(undefined);

  reset(dims: Vec3): void {
    this.cursor = [Math.floor(dims[0] / 2), Math.floor(dims[1] / 2), Math.floor(dims[2] / 2)];
    this.transforms = { axial: FIT, coronal: FIT, sagittal: FIT };
  }

  setSlice(axis: 0 | 1 | 2, value: number, dims: Vec3): void {
    const next = [...this.cursor] as [number, number, number];
    next[axis] = Math.min(dims[axis] - 1, Math.max(0, Math.round(value)));
    this.cursor = next;
  }
}
