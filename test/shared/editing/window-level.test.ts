import { describe, expect, it } from 'vitest';
import { LUT_OFFSET, WINDOW_PRESETS, buildWindowLut, dragWindow } from '../../../src/shared/editing/window-level';

describe('window/level', () => {
  it('has the clinical presets', () => {
    expect(WINDOW_PRESETS.lung).toMatchObject({ center: -600, width: 1500 });
    expect(WINDOW_PRESETS.mediastinum).toMatchObject({ center: 40, width: 400 });
    expect(WINDOW_PRESETS.bone).toMatchObject({ center: 400, width: 1800 });
  });

  it('maps HU to grey: black below the window, white above, linear inside', () => {
    const lut = buildWindowLut({ center: 40, width: 400 });
    const g = (hu: number): number => lut[hu + LUT_OFFSET]!;
    expect(g(-1024)).toBe(0);
    expect(g(-160)).toBe(0);
    expect(g(240)).toBe(255);
    expect(g(3000)).toBe(255);
    expect(g(40)).toBe(128);
    expect(g(-32768)).toBe(0);
    expect(g(32767)).toBe(255);
  });

  it('drag right widens, drag down raises the level, width never below 1', () => {
    const w = dragWindow({ center: 40, width: 400 }, 100, 50);
    expect(w.width).toBeGreaterThan(400);
    expect(w.center).toBeGreaterThan(40);
    expect(dragWindow({ center: 0, width: 10 }, -10_000, 0).width).toBe(1);
  });
});
