import { fail, ok, type Result } from '../../../shared/result';
import { readDicomHeader } from '../dicom/parse-file';
import type { LoadedCtSeries } from '../dicom/types';
import { str } from '../dicom/values';
import { readRtStruct } from '../rtstruct/rtstruct-read';
import { rtstructToMask } from '../rtstruct/rtstruct-to-mask';
import type { ImportedMask } from './imported-mask';
import { readSeg } from './seg-read';
import { segToMask } from './seg-to-mask';
import { ANN_TAG, SOP_CLASS } from './seg-tags';

export interface GroundTruthOptions {
  /** SEG segment labels or RTSTRUCT ROI names (or numbers) to import; default all. */
  readonly names?: readonly string[];
  /** FRACTIONAL SEG threshold (fraction of the maximum value), default 0.5. */
  readonly threshold?: number;
}

export interface GroundTruth extends ImportedMask {
  readonly kind: 'SEG' | 'RTSTRUCT';
}

/** Imports a ground-truth mask from a DICOM SEG or RTSTRUCT file onto the CT series' native grid. */
export function importGroundTruth(file: string, series: LoadedCtSeries, options: GroundTruthOptions = {}): Result<GroundTruth> {
  const header = readDicomHeader(file);
  if (!header.ok) return header;
  const modality = str(header.value.dataSet, ANN_TAG.modality);
  const sopClass = str(header.value.dataSet, ANN_TAG.sopClassUid);
  if (modality === 'SEG' || sopClass === SOP_CLASS.segmentation || sopClass === SOP_CLASS.labelMapSegmentation) {
    const seg = readSeg(file);
    if (!seg.ok) return seg;
    const mask = segToMask(seg.value, series, {
      ...(options.names ? { segments: options.names } : {}),
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    });
    return mask.ok ? ok({ ...mask.value, kind: 'SEG' }) : mask;
  }
  if (modality === 'RTSTRUCT' || sopClass === SOP_CLASS.rtStructureSet) {
    const rt = readRtStruct(file);
    if (!rt.ok) return rt;
    const mask = rtstructToMask(rt.value, series, options.names ? { rois: options.names } : {});
    return mask.ok ? ok({ ...mask.value, kind: 'RTSTRUCT' }) : mask;
  }
  return fail(`${file}: not a DICOM SEG or RTSTRUCT (modality ${modality || 'missing'}); ground truth must be one of those`);
}
