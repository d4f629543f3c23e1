import { fail, ok, type Result } from '../../../shared/result';
import { mat3Column } from '../../../shared/volume/mat3';
import type { Mask } from '../../../shared/volume/volume';
import { APP_VERSION } from '../../../shared/version';
import { writeFileAtomic } from '../../fs/atomic';
import type { LoadedCtSeries } from '../dicom/types';
import { decimalString, dicomDateTime, encodeDicomFile, newUid, type NaturalDataset } from './dicom-encode';
import { SOP_CLASS } from './seg-tags';
import { readSourceHeader } from './source-header';

export interface SegSegmentSpec {
  readonly label: string;
  readonly description?: string;
}

export interface SegWriteOptions {
  /** Names per mask value (value v is segment v); default "Tumor" for 1, "Segment v" otherwise. */
  readonly segments?: Readonly<Record<number, SegSegmentSpec>>;
  /** Who made the mask: MANUAL (default), or the name of the algorithm (then AUTOMATIC). */
  readonly algorithmName?: string;
  readonly seriesDescription?: string;
  readonly seriesNumber?: number;
  readonly creatorName?: string;
  readonly now?: Date;
}

export interface SegWriteSummary {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frames: number;
  readonly segments: readonly { readonly number: number; readonly label: string; readonly frames: number; readonly voxels: number }[];
  readonly warnings: readonly string[];
}

const code = (value: string, scheme: string, meaning: string): NaturalDataset => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });

/**
 * Writes a mask on the CT's native grid as a BINARY DICOM SEG that references the CT: one
 * frame per (segment, slice) holding any voxel of that segment, in segment then slice order;
 * each frame names its source image (DerivationImageSequence) and position; segment v is the
 * mask value v, so a label map round-trips value for value (values with no voxels stay as
 * empty segments to keep numbering 1..n gap-free, as the standard requires). An empty mask is
 * written as one empty frame of segment 1, because a SEG must hold at least one frame.
 * The mask's geometry must already be the CT's (see maskOnGrid); the file is written atomically.
 */
export function writeSeg(path: string, mask: Mask, series: LoadedCtSeries, options: SegWriteOptions = {}): Result<SegWriteSummary> {
  const ct = series.volume;
  if (mask.dims.some((d, a) => d !== ct.dims[a])) return fail(`the mask (${mask.dims.join('x')}) is not on the CT's grid (${ct.dims.join('x')})`);
  const source = readSourceHeader(series);
  if (!source.ok) return source;
  const warnings = [...source.value.warnings];
  const [nx, ny, nz] = ct.dims;
  const sliceSize = nx * ny;

  // Which (segment, slice) pairs hold voxels, and how many voxels each segment has.
  let maxValue = 0;
  const present = new Map<number, Set<number>>();
  const voxels = new Map<number, number>();
  for (let k = 0; k < nz; k++) {
    for (let p = k * sliceSize, end = p + sliceSize; p < end; p++) {
      const v = mask.data[p]!;
      if (v === 0) continue;
      maxValue = Math.max(maxValue, v);
      voxels.set(v, (voxels.get(v) ?? 0) + 1);
      let s = present.get(v);
      if (!s) present.set(v, (s = new Set()));
      s.add(k);
    }
  }
  const segmentCount = Math.max(1, maxValue);
  const frames: { segment: number; k: number }[] = [];
  for (let v = 1; v <= segmentCount; v++) for (const k of [...(present.get(v) ?? [])].sort((a, b) => a - b)) frames.push({ segment: v, k });
  if (frames.length === 0) {
    frames.push({ segment: 1, k: 0 });
    warnings.push('the mask is empty: the SEG holds one empty frame');
  }

  // BINARY pixel data: one bit per pixel, least significant bit first, packed across frames.
  const byteCount = Math.ceil((frames.length * sliceSize) / 8);
  const bits = new Uint8Array(byteCount + (byteCount & 1)); // DICOM values have even length
  frames.forEach(({ segment, k }, f) => {
    const base = k * sliceSize;
    const bitBase = f * sliceSize;
    for (let p = 0; p < sliceSize; p++) {
      if (mask.data[base + p] !== segment) continue;
      const b = bitBase + p;
      bits[b >> 3]! |= 1 << (b & 7);
    }
  });

  const multiFrameSource = new Set(series.slices.map((s) => s.sopInstanceUid)).size !== series.slices.length;
  const sourceRef = (k: number): NaturalDataset => {
    const s = series.slices[k]!;
    return {
      ReferencedSOPClassUID: source.value.sopClassUid,
      ReferencedSOPInstanceUID: s.sopInstanceUid,
      ...(multiFrameSource ? { ReferencedFrameNumber: s.frame + 1 } : {}),
      PurposeOfReferenceCodeSequence: [code('121322', 'DCM', 'Source image for image processing operation')],
    };
  };
  const perFrame: NaturalDataset[] = frames.map(({ segment, k }) => ({
    DerivationImageSequence: [{ SourceImageSequence: [sourceRef(k)], DerivationCodeSequence: [code('113076', 'DCM', 'Segmentation')] }],
    FrameContentSequence: [{ DimensionIndexValues: [segment, k + 1] }],
    PlanePositionSequence: [{ ImagePositionPatient: series.slices[k]!.position.map(decimalString) }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment }],
  }));

  const algorithm = options.algorithmName ? { SegmentAlgorithmType: 'AUTOMATIC', SegmentAlgorithmName: options.algorithmName.slice(0, 64) } : { SegmentAlgorithmType: 'MANUAL' };
  const segments: NaturalDataset[] = [];
  for (let v = 1; v <= segmentCount; v++) {
    const spec = options.segments?.[v];
    segments.push({
      SegmentNumber: v,
      SegmentLabel: (spec?.label ?? (v === 1 ? 'Tumor' : `Segment ${v}`)).slice(0, 64),
      ...(spec?.description ? { SegmentDescription: spec.description.slice(0, 64) } : {}),
      ...algorithm,
      SegmentedPropertyCategoryCodeSequence: [code('49755003', 'SCT', 'Morphologically Altered Structure')],
      SegmentedPropertyTypeCodeSequence: [code('108369006', 'SCT', 'Neoplasm')],
    });
  }

  const organization = newUid();
  const sopInstanceUid = newUid();
  const seriesInstanceUid = newUid();
  const { date, time } = dicomDateTime(options.now ?? new Date());
  const row = mat3Column(ct.direction, 0);
  const col = mat3Column(ct.direction, 1);
  const instances = [...new Set(series.slices.map((s) => s.sopInstanceUid))];
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: SOP_CLASS.segmentation,
    SOPInstanceUID: sopInstanceUid,
    ...source.value.copied,
    SeriesDate: date,
    SeriesTime: time,
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    Modality: 'SEG',
    Manufacturer: 'LungTS',
    ManufacturerModelName: 'LungTS Workstation',
    DeviceSerialNumber: 'LUNGTS',
    SoftwareVersions: APP_VERSION,
    SeriesDescription: (options.seriesDescription ?? 'LungTS tumour segmentation').slice(0, 64),
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: options.seriesNumber ?? 901,
    InstanceNumber: 1,
    FrameOfReferenceUID: source.value.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    ReferencedSeriesSequence: [{
      SeriesInstanceUID: series.info.seriesInstanceUid,
      ReferencedInstanceSequence: instances.map((uid) => ({ ReferencedSOPClassUID: source.value.sopClassUid, ReferencedSOPInstanceUID: uid })),
    }],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: frames.length,
    Rows: ny,
    Columns: nx,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    ContentLabel: 'TUMOR',
    ContentDescription: 'Tumour segmentation',
    ContentCreatorName: (options.creatorName ?? '').slice(0, 64),
    SegmentSequence: segments,
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: organization }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: organization, DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
      { DimensionOrganizationUID: organization, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
    SharedFunctionalGroupsSequence: [{
      PlaneOrientationSequence: [{ ImageOrientationPatient: [...row, ...col].map(decimalString) }],
      PixelMeasuresSequence: [{
        PixelSpacing: [decimalString(ct.spacing[1]), decimalString(ct.spacing[0])],
        SliceThickness: decimalString(ct.spacing[2]),
        SpacingBetweenSlices: decimalString(ct.spacing[2]),
      }],
    }],
    PerFrameFunctionalGroupsSequence: perFrame,
    PixelData: [bits.buffer],
    _vrMap: { PixelData: 'OB' },
  };
  try {
    writeFileAtomic(path, encodeDicomFile(dataset));
  } catch (e) {
    return fail(`cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const summary = [];
  for (let v = 1; v <= segmentCount; v++) {
    summary.push({ number: v, label: segments[v - 1]!['SegmentLabel'] as string, frames: present.get(v)?.size ?? 0, voxels: voxels.get(v) ?? 0 });
  }
  for (const s of summary) if (s.voxels === 0 && maxValue > 0) warnings.push(`mask value ${s.number} has no voxels: segment ${s.number} is empty`);
  return ok({ sopInstanceUid, seriesInstanceUid, frames: frames.length, segments: summary, warnings });
}
