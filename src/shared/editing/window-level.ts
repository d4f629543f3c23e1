/** A display window in Hounsfield units: values below center - width/2 are black, above + width/2 white. */
export interface WindowLevel {
  readonly center: number;
  readonly width: number;
}

export type WindowPresetName = 'lung' | 'mediastinum' | 'bone';

/** The presets radiologists know, with their usual keys (1, 2, 3). */
export const WINDOW_PRESETS: Readonly<Record<WindowPresetName, WindowLevel & { key: string; title: string }>> = {
  lung: { center: -600, width: 1500, key: '1', title: 'Lung' },
  mediastinum: { center: 40, width: 400, key: '2', title: 'Mediastinum' },
  bone: { center: 400, width: 1800, key: '3', title: 'Bone' },
};

export const MIN_WINDOW_WIDTH = 1;
export const MAX_WINDOW_WIDTH = 8000;

/**
 * Window/level by mouse drag, as on clinical viewers: right widens the window, down raises
 * the level. Sensitivity scales with the current width so fine and coarse windows both move
 * at a usable rate.
 */
export function dragWindow(wl: WindowLevel, dxPx: number, dyPx: number): WindowLevel {
  const rate = Math.max(wl.width, 50) / 500;
  const width = Math.min(MAX_WINDOW_WIDTH, Math.max(MIN_WINDOW_WIDTH, wl.width + dxPx * rate));
  return { center: Math.round(wl.center + dyPx * rate), width: Math.round(width) };
}

/** Offset that makes any Int16 value a non-negative LUT index. */
export const LUT_OFFSET = 32768;

/**
 * Grey level (0..255) for every Int16 value: a 64 KiB table built once per window change so
 * that drawing a slice costs one lookup per pixel.
 */
export function buildWindowLut(wl: WindowLevel, out: Uint8Array = new Uint8Array(65536)): Uint8Array {
  const lo = wl.center - wl.width / 2;
  const width = Math.max(wl.width, MIN_WINDOW_WIDTH);
  for (let n = 0; n < 65536; n++) {
    const g = (((n - LUT_OFFSET) - lo) * 255) / width;
    out[n] = g <= 0 ? 0 : g >= 255 ? 255 : g + 0.5;
  }
  return out;
}
