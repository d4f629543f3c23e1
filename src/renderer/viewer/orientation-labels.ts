import type { ViewAxis } from '../../shared/editing/plane';

/** Patient directions at the left, right, top and bottom edge of each view (radiological display). */
export const EDGE_LABELS: Record<ViewAxis, { left: string; right: string; top: string; bottom: string }> = {
  axial: { left: 'R', right: 'L', top: 'A', bottom: 'P' },
  coronal: { left: 'R', right: 'L', top: 'S', bottom: 'I' },
  sagittal: { left: 'A', right: 'P', top: 'S', bottom: 'I' },
};

export const VIEW_TITLES: Record<ViewAxis, string> = { axial: 'Axial', coronal: 'Coronal', sagittal: 'Sagittal' };
