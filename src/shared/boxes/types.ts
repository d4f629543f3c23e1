import type { Geometry } from '../volume/geometry';

/**
 * One axial bounding box drawn on one slice. Indices are 0-based and inclusive voxel indices
 * on the grid named by the enclosing BoxSet: columns i0..i1, rows j0..j1, on slice k.
 * (Lung-PET-CT-Dx's PASCAL-VOC pixels are 1-based inclusive; readers convert once.)
 */
export interface AxialBox {
  readonly k: number;
  readonly i0: number;
  readonly j0: number;
  readonly i1: number;
  readonly j1: number;
  /** Class or free label, e.g. "A" (adenocarcinoma) from Lung-PET-CT-Dx. */
  readonly label: string;
  /** Which tumour this box belongs to (boxes of one tumour across slices share it). */
  readonly tumor: number;
  /** The DICOM slice it was drawn on, when known. */
  readonly sopInstanceUid?: string;
}

/**
 * Our own box file (boxes.json). Boxes refer to `grid`, normally the CT reoriented to LPS
 * (i toward patient left, j toward posterior, k toward superior), so a consumer on any other
 * grid maps them through world coordinates and can check that the file fits its CT.
 */
export interface BoxSet {
  readonly format: 'lungts-boxes';
  readonly version: 1;
  readonly grid: Geometry;
  readonly boxes: readonly AxialBox[];
}
