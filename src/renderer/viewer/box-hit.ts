import type { AxialBox } from '../../shared/boxes/types';
import type { BoxHandle } from '../../shared/editing/box-tools';

export type BoxGrip = BoxHandle | 'move';

/**
 * Which part of a box the pointer grabs at in-plane index (i, j): a corner or an edge within
 * `tol` voxels resizes, the inside moves, anything else misses.
 */
export function gripAt(b: AxialBox, i: number, j: number, tol: number): BoxGrip | undefined {
  const nearW = Math.abs(i - (b.i0 - 0.5)) <= tol;
  const nearE = Math.abs(i - (b.i1 + 0.5)) <= tol;
  const nearN = Math.abs(j - (b.j0 - 0.5)) <= tol;
  const nearS = Math.abs(j - (b.j1 + 0.5)) <= tol;
  const inI = i >= b.i0 - 0.5 - tol && i <= b.i1 + 0.5 + tol;
  const inJ = j >= b.j0 - 0.5 - tol && j <= b.j1 + 0.5 + tol;
  if (!inI || !inJ) return undefined;
  const v = nearN ? 'n' : nearS ? 's' : '';
  const h = nearW ? 'w' : nearE ? 'e' : '';
  if (v || h) return (v + h) as BoxHandle;
  return 'move';
}

export function cursorFor(grip: BoxGrip | undefined): string {
  if (!grip) return 'crosshair';
  if (grip === 'move') return 'move';
  return `${grip}-resize`;
}
