import { resizeBrush } from '../../shared/editing/brush';
import { planeAxes, planeShape } from '../../shared/editing/plane';
import { WINDOW_PRESETS } from '../../shared/editing/window-level';
import type { CaseSession } from './case-session.svelte';
import { TOOL_KEYS, type Tool, type ViewerState } from './viewer-state.svelte';
import { FIT, zoomAt } from './viewport';

export interface KeyActions {
  save(): void;
  accept(): void;
  nextTumour(): void;
  deleteBox(): void;
}

/**
 * The viewer's shortcuts. Returns true when the key was used. Scrolling acts on the view last
 * hovered or focused; undo/redo act on boxes while the box tool is chosen, on the mask otherwise.
 */
export function handleViewerKey(e: KeyboardEvent, s: CaseSession, vs: ViewerState, act: KeyActions): boolean {
  const ctrl = e.ctrlKey || e.metaKey;
  const a = planeAxes(vs.active);
  const slices = planeShape(vs.active, s.ct.dims).slices;
  const at = vs.cursor[a.normal];
  const move = (to: number): boolean => { vs.setSlice(a.normal, to, s.ct.dims); return true; };
  if (ctrl) {
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) return vs.tool === 'box' ? s.boxes.undo() || true : (s.undoMask(), true);
    if ((k === 'z' && e.shiftKey) || k === 'y') return vs.tool === 'box' ? s.boxes.redo() || true : (s.redoMask(), true);
    if (k === 's') { act.save(); return true; }
    if (e.key === 'Enter') { act.accept(); return true; }
    return false;
  }
  if (e.altKey) return false;
  switch (e.key) {
    case 'ArrowUp': return move(at + 1);
    case 'ArrowDown': return move(at - 1);
    case 'PageUp': return move(at + 10);
    case 'PageDown': return move(at - 10);
    case 'Home': return move(0);
    case 'End': return move(slices - 1);
    case '[': vs.brushMm = resizeBrush(vs.brushMm, -1); return true;
    case ']': vs.brushMm = resizeBrush(vs.brushMm, 1); return true;
    case '+': case '=': vs.transforms[vs.active] = zoomAt(vs.transforms[vs.active], 1.25, 0, 0, 0, 0); return true;
    case '-': vs.transforms[vs.active] = zoomAt(vs.transforms[vs.active], 1 / 1.25, 0, 0, 0, 0); return true;
    case '0': vs.transforms[vs.active] = FIT; return true;
    case 'Delete': case 'Backspace': act.deleteBox(); return true;
    case 't': case 'T': act.nextTumour(); return true;
    case 'o': case 'O': vs.mask.visible = !vs.mask.visible; return true;
    case 'c': case 'C': vs.crosshair = !vs.crosshair; return true;
  }
  for (const p of Object.values(WINDOW_PRESETS)) {
    if (e.key === p.key) { vs.wl = { center: p.center, width: p.width }; return true; }
  }
  for (const [tool, info] of Object.entries(TOOL_KEYS) as [Tool, { key: string }][]) {
    if (e.key.toLowerCase() === info.key) { vs.tool = tool; return true; }
  }
  return false;
}
