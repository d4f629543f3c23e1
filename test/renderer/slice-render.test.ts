import { describe, expect, it } from 'vitest';
import { buildWindowLut } from '../../src/shared/editing/window-level';
import { packLut, renderSlice, sliceAddressing, valueAt } from '../../src/renderer/viewer/slice-render';

// 3 x 2 x 4 volume whose value encodes its index: 100*i + 10*j + k
const dims: [number, number, number] = [3, 2, 4];
const data = new Int16Array(24);
for (let k = 0; k < 4; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) data[i + 3 * (j + 2 * k)] = 100 * i + 10 * j + k;
const ct = { dims, data };
// Identity window over 0..255 makes grey == value for values in range.
const lut = packLut(buildWindowLut({ center: 127.5, width: 255 }));
const grey = (px: number): number => px & 0xff;

describe('renderSlice', () => {
  it('axial: columns are i, rows are j (anterior up)', () => {
    const out = new Uint32Array(6);
    const { width, height } = renderSlice(out, ct, 'axial', 2, lut);
    expect([width, height]).toEqual([3, 2]);
    expect([...out].map(grey)).toEqual([2, 102, 202, 12, 112, 212]);
    expect(out[0]! >>> 24).toBe(255);
  });

  it('coronal: columns are i, rows are k with superior at the top', () => {
    const out = new Uint32Array(12);
    renderSlice(out, ct, 'coronal', 1, lut);
    const rows = [0, 1, 2, 3].map((r) => [...out.slice(r * 3, r * 3 + 3)].map(grey));
    expect(rows).toEqual([[13, 113, 213], [12, 112, 212], [11, 111, 211], [10, 110, 210]]);
  });

  it('sagittal: columns are j (anterior left), rows are k superior first', () => {
    const out = new Uint32Array(8);
    const { width, height } = renderSlice(out, ct, 'sagittal', 1, lut);
    expect([width, height]).toEqual([2, 4]);
    expect([...out].map(grey)).toEqual([103, 113, 102, 112, 101, 111, 100, 110]);
  });

  it('fills the mask with its colour and outlines its border', () => {
    const flat = { dims: [4, 4, 1] as [number, number, number], data: new Int16Array(16).fill(0) };
    const mask = new Uint8Array(16);
    for (const p of [5, 6, 9, 10, 0]) mask[p] = 1; // a 2x2 square and a lone corner pixel
    const fillOnly = new Uint32Array(16);
    renderSlice(fillOnly, flat, 'axial', 0, lut, [{ data: mask, color: [255, 0, 0], opacity: 0.5, mode: 'fill' }]);
    expect(fillOnly[5]! & 0xff).toBe(128); // red channel half way
    expect((fillOnly[5]! >> 8) & 0xff).toBe(0);
    expect(fillOnly[3]).toBe(lut[32768]);
    const outline = new Uint32Array(16);
    renderSlice(outline, flat, 'axial', 0, lut, [{ data: mask, color: [0, 255, 0], opacity: 0.5, mode: 'outline' }]);
    // every pixel of a 2x2 square touches the outside: all outlined in full colour
    expect((outline[5]! >> 8) & 0xff).toBe(255);
    expect((outline[0]! >> 8) & 0xff).toBe(255);
    expect(outline[15]).toBe(lut[32768]);
  });

  it('outline mode leaves the inside of a large region untouched', () => {
    const flat = { dims: [5, 5, 1] as [number, number, number], data: new Int16Array(25) };
    const mask = new Uint8Array(25);
    for (let j = 1; j < 4; j++) for (let i = 1; i < 4; i++) mask[i + 5 * j] = 1;
    const out = new Uint32Array(25);
    renderSlice(out, flat, 'axial', 0, lut, [{ data: mask, color: [0, 0, 255], opacity: 0, mode: 'outline' }]);
    expect(out[12]).toBe(lut[32768]); // centre
    expect((out[6]! >> 16) & 0xff).toBe(255); // corner of the region
  });

  it('addresses voxels and reads HU at the cursor', () => {
    expect(sliceAddressing('coronal', dims, 1)).toEqual({ base: 3 + 18, du: 1, dv: -6, width: 3, height: 4 });
    expect(valueAt(ct, 2, 1, 3)).toBe(213);
    expect(valueAt(ct, 3, 0, 0)).toBeUndefined();
  });
});
