import { measureTumours } from '../../shared/measure/tumours';
import { reorient } from '../../shared/volume/orientation';
import type { Mask, Volume } from '../../shared/volume/volume';

/** One found tumour as `lungts segment --json` reports it (world coordinates: DICOM LPS mm). */
export interface TumourSummary {
  readonly id: number;
  readonly volume_ml: number;
  readonly longest_axial_mm: number;
  readonly perpendicular_mm: number;
  readonly longest_3d_mm: number;
  readonly centroid_mm: readonly [number, number, number];
  readonly side: 'right' | 'left' | 'unknown';
  readonly mean_hu: number;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Measures each connected lesion (26-connected) of `mask` on the CT, largest first. */
export function summariseTumours(ct: Volume, mask: Mask, lungs?: Mask): TumourSummary[] {
  const ctL = reorient(ct, 'LPS');
  const maskL = reorient(mask, 'LPS');
  const lungsL = lungs ? reorient(lungs, 'LPS') : undefined;
  return measureTumours(ctL, maskL, { ...(lungsL ? { lungLabels: lungsL } : {}) }).map((m) => ({
    id: m.id,
    volume_ml: r2(m.volumeMl),
    longest_axial_mm: r2(m.longestAxialMm),
    perpendicular_mm: r2(m.perpendicularMm),
    longest_3d_mm: r2(m.longest3dMm),
    centroid_mm: [r2(m.centroidWorld[0]), r2(m.centroidWorld[1]), r2(m.centroidWorld[2])],
    side: m.side,
    mean_hu: Math.round(m.meanHu),
  }));
}
