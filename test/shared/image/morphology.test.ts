import { describe, expect, it } from 'vitest';
import { close, dilate, erode, fillHoles3d, fillHolesPlanar, open } from '../../../src/shared/image/morphology';

const unit = (dims: [number, number, number]) => ({ dims, spacing: [1, 1, 1] as [number, number, number] });

describe('morphology', () => {
  it('dilates a point into a cross (radius 1) and a disk (radius 2) in plane, a ball in 3D', () => {
    const m = new Uint8Array(7 * 7 * 7);
    m[3 + 7 * (3 + 7 * 3)] = 1;
    const d1 = dilate(m, unit([7, 7, 7]), 1, { planar: true });
    expect(d1.reduce((a, b) => a + b, 0)).toBe(5);
    expect(dilate(m, unit([7, 7, 7]), 1).reduce((a, b) => a + b, 0)).toBe(7);
    expect(dilate(m, unit([7, 7, 7]), 2, { planar: true }).reduce((a, b) => a + b, 0)).toBe(13);
    // 1 mm spacing in x, 2 mm in y: radius 2 mm reaches two voxels along x but one along y.
    const aniso = dilate(m, { dims: [7, 7, 7], spacing: [1, 2, 1] }, 2, { planar: true });
    expect(aniso[5 + 7 * (3 + 7 * 3)]).toBe(1);
    expect(aniso[3 + 7 * (5 + 7 * 3)]).toBe(0);
    expect(aniso[3 + 7 * (4 + 7 * 3)]).toBe(1);
  });

  it('erosion undoes dilation of a convex shape and does not eat in from the volume border', () => {
    const m = new Uint8Array(9 * 9).fill(0);
    for (let j = 2; j <= 6; j++) for (let i = 2; i <= 6; i++) m[i + 9 * j] = 1;
    const back = erode(dilate(m, unit([9, 9, 1]), 1), unit([9, 9, 1]), 1);
    expect(Array.from(back)).toEqual(Array.from(m));
    const full = new Uint8Array(81).fill(1);
    expect(erode(full, unit([9, 9, 1]), 2).every((v) => v === 1)).toBe(true);
  });

  it('closing fills a one-voxel gap and opening removes a one-voxel spur', () => {
    const m = new Uint8Array(11 * 5);
    for (let i = 0; i < 11; i++) if (i !== 5) for (let j = 1; j <= 3; j++) m[i + 11 * j] = 1;
    const c = close(m, unit([11, 5, 1]), 1, { planar: true });
    expect(c[5 + 11 * 2]).toBe(1);
    const spur = new Uint8Array(m);
    spur[5 + 11 * 0] = 1;
    spur[5 + 11 * 2] = 1;
    const o = open(spur, unit([11, 5, 1]), 1, { planar: true });
    expect(o[5 + 11 * 0]).toBe(0);
    expect(o[0 + 11 * 2]).toBe(1);
  });

  it('fills enclosed holes per slice and in 3D, but not regions open to the border', () => {
    const dims: [number, number, number] = [7, 7, 3];
    const m = new Uint8Array(7 * 7 * 3);
    for (let k = 0; k < 3; k++) for (let j = 1; j <= 5; j++) for (let i = 1; i <= 5; i++) {
      if (i === 1 || i === 5 || j === 1 || j === 5) m[i + 7 * (j + 7 * k)] = 1;
    }
    m[3 + 7 * (1 + 7 * 2)] = 0; // slice 2's ring has a gap: its inside is open
    const p = fillHolesPlanar(m, dims);
    expect(p[3 + 7 * (3 + 7 * 0)]).toBe(1);
    expect(p[3 + 7 * (3 + 7 * 2)]).toBe(0);
    // In 3D the tube is open at both ends, so nothing is enclosed.
    expect(fillHoles3d(m, dims)[3 + 7 * (3 + 7 * 1)]).toBe(0);
    const cube = new Uint8Array(5 * 5 * 5).fill(1);
    cube[2 + 5 * (2 + 5 * 2)] = 0;
    expect(fillHoles3d(cube, [5, 5, 5]).every((v) => v === 1)).toBe(true);
  });
});
