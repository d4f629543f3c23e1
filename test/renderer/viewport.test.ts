import { describe, expect, it } from 'vitest';
import { FIT, imageRect, planeToScreen, screenToPlane, zoomAt } from '../../src/renderer/viewer/viewport';
import { gripAt } from '../../src/renderer/viewer/box-hit';

describe('viewport', () => {
  it('keeps millimetres square: a 512 x 300 coronal plane of 0.7 x 1.5 mm fits its canvas by the taller side', () => {
    const r = imageRect('coronal', [512, 512, 300], [0.7, 0.7, 1.5], 800, 800, FIT);
    // 358.4 mm wide, 450 mm tall: height limits
    expect(r.h).toBeCloseTo(800);
    expect(r.w).toBeCloseTo(800 * (358.4 / 450));
    expect(r.x).toBeCloseTo((800 - r.w) / 2);
  });

  it('screen and plane coordinates round-trip, with superior drawn up on coronal views', () => {
    const r = imageRect('coronal', [100, 80, 50], [1, 1, 2], 400, 300, { zoom: 2, panX: 10, panY: -5 });
    const [x, y] = planeToScreen('coronal', r, 30, 40);
    const [u, v] = screenToPlane('coronal', r, x, y);
    expect(u).toBeCloseTo(30);
    expect(v).toBeCloseTo(40);
    // the top slice (k = 49) sits above the bottom one
    expect(planeToScreen('coronal', r, 0, 49)[1]).toBeLessThan(planeToScreen('coronal', r, 0, 0)[1]);
  });

  it('zooming keeps the point under the pointer fixed', () => {
    const before = { zoom: 1, panX: 0, panY: 0 };
    const rect0 = imageRect('axial', [100, 100, 1], [1, 1, 1], 400, 400, before);
    const under = screenToPlane('axial', rect0, 300, 120);
    const after = zoomAt(before, 2, 300, 120, 400, 400);
    const rect1 = imageRect('axial', [100, 100, 1], [1, 1, 1], 400, 400, after);
    const still = screenToPlane('axial', rect1, 300, 120);
    expect(still[0]).toBeCloseTo(under[0]);
    expect(still[1]).toBeCloseTo(under[1]);
  });

  it('box grips: corners and edges resize, the inside moves, outside misses', () => {
    const b = { k: 0, i0: 10, j0: 10, i1: 20, j1: 20, label: 'A', tumor: 1 };
    expect(gripAt(b, 9.5, 9.5, 1)).toBe('nw');
    expect(gripAt(b, 20.5, 15, 1)).toBe('e');
    expect(gripAt(b, 15, 20.4, 1)).toBe('s');
    expect(gripAt(b, 15, 15, 1)).toBe('move');
    expect(gripAt(b, 30, 15, 1)).toBeUndefined();
  });
});
