import { unwrap } from '../../../src/shared/result';
import { createVolume, type Mask, type Volume } from '../../../src/shared/volume';

/** A small mask from axial slices written as strings: '#' = 1, '.' = 0, rows top to bottom. */
export function maskFromSlices(slices: string[][], spacing: [number, number, number] = [1, 1, 1]): Mask {
  const nz = slices.length;
  const ny = slices[0]!.length;
  const nx = slices[0]![0]!.length;
  const data = new Uint8Array(nx * ny * nz);
  slices.forEach((rows, k) => rows.forEach((row, j) => [...row].forEach((ch, i) => {
    data[i + nx * (j + ny * k)] = ch === '#' ? 1 : 0;
  })));
  return unwrap(createVolume({ dims: [nx, ny, nz], spacing }, data));
}

export function sliceToStrings(mask: Mask, k: number): string[] {
  const [nx, ny] = mask.dims;
  const rows: string[] = [];
  for (let j = 0; j < ny; j++) {
    let r = '';
    for (let i = 0; i < nx; i++) r += mask.data[i + nx * (j + ny * k)] ? '#' : '.';
    rows.push(r);
  }
  return rows;
}

export function ctFrom(dims: [number, number, number], spacing: [number, number, number], f: (i: number, j: number, k: number) => number): Volume<Int16Array> {
  const data = new Int16Array(dims[0] * dims[1] * dims[2]);
  let p = 0;
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) data[p++] = f(i, j, k);
  return unwrap(createVolume({ dims, spacing }, data));
}

export function emptyMask(dims: [number, number, number], spacing: [number, number, number] = [1, 1, 1]): Mask {
  return unwrap(createVolume({ dims, spacing }, new Uint8Array(dims[0] * dims[1] * dims[2])));
}

export function countOnes(m: Mask): number {
  let n = 0;
  for (const v of m.data) n += v ? 1 : 0;
  return n;
}
