import type { ViewAxis } from '../../shared/editing/plane';

/**
 * Draw times of the slice views, kept on `window.lungtsFrameStats` so the viewer benchmark
 * (bench/viewer.ts, in the same browser) reads what the app itself measured.
 */
export interface FrameStats {
  count: number;
  totalMs: number;
  last: Partial<Record<ViewAxis, number>>;
  /** performance.now() when the first slice of the open case was on screen. */
  firstImageAt: number | undefined;
  /** Where opening the case spent its time (fetch: case + CT over the API; decode: checks and views). */
  open: Record<string, number>;
}

const stats: FrameStats = { count: 0, totalMs: 0, last: {}, firstImageAt: undefined, open: {} };
(window as unknown as { lungtsFrameStats: FrameStats }).lungtsFrameStats = stats;

export function recordFrame(view: ViewAxis, ms: number): void {
  stats.count++;
  stats.totalMs += ms;
  stats.last[view] = ms;
  stats.firstImageAt ??= performance.now();
}

export function resetFirstImage(): void {
  stats.firstImageAt = undefined;
  stats.open = {};
}

export function recordOpenPhase(phase: string, ms: number): void {
  stats.open[phase] = ms;
}
