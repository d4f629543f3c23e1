import type { TumourMeasure } from './tumours';

const COLUMNS = [
  'id', 'side', 'volume_ml', 'longest_axial_mm', 'perpendicular_mm', 'longest_3d_mm', 'mean_hu', 'max_hu',
  'axial_slice', 'centroid_x_mm', 'centroid_y_mm', 'centroid_z_mm', 'voxels',
] as const;

function row(m: TumourMeasure): (string | number)[] {
  const r = (x: number, d: number): number => Number(x.toFixed(d));
  return [
    m.id, m.side, r(m.volumeMl, 3), r(m.longestAxialMm, 1), r(m.perpendicularMm, 1), r(m.longest3dMm, 1),
    r(m.meanHu, 1), m.maxHu, m.axialSlice, r(m.centroidWorld[0], 1), r(m.centroidWorld[1], 1), r(m.centroidWorld[2], 1), m.voxels,
  ];
}

/** One header line, one line per tumour; coordinates are DICOM patient (LPS) millimetres. */
export function measuresToCsv(list: readonly TumourMeasure[]): string {
  return [COLUMNS.join(','), ...list.map((m) => row(m).join(','))].join('\n') + '\n';
}

/** The same figures as the CSV with the same keys, plus the case it belongs to. */
export function measuresToJson(list: readonly TumourMeasure[], caseInfo: Record<string, string> = {}): string {
  const tumours = list.map((m) => Object.fromEntries(COLUMNS.map((c, n) => [c, row(m)[n]])));
  return JSON.stringify({ ...caseInfo, coordinates: 'LPS mm', tumours }, null, 2) + '\n';
}
