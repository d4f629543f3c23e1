import { dirname } from 'node:path';
import type { Vec3 } from '../../../shared/volume/mat3';
import { fail, ok, type Result } from '../../../shared/result';
import type { DataSet } from './lib';
import type { ParsedDicom } from './parse-file';
import { isCompressedSyntax } from './pixels/codecs';
import { TAG, TRANSFER_SYNTAX } from './tags';
import type { DicomSeriesIdentity } from './types';
import { codes, firstItem, items, num, nums, str, us } from './values';

/** How the stored pixel values of every frame of an object are laid out. */
export interface PixelFormat {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  /** 1 = two's complement signed integers. */
  readonly pixelRepresentation: number;
  readonly photometric: string;
  readonly planarConfiguration: number;
}

/** What locates one frame (one slice) in the patient and turns its stored values into HU. */
export interface FrameHeader {
  readonly frame: number;
  readonly position?: Vec3;
  /** ImageOrientationPatient: row direction (3) then column direction (3). */
  readonly orientation?: readonly number[];
  /** PixelSpacing: [between rows (along the column direction), between columns (along the row direction)]. */
  readonly pixelSpacing?: readonly [number, number];
  readonly sliceThickness?: number;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly imageType: readonly string[];
}

/** Everything the scanner and the loader need from one file, without its pixel data. */
export interface ImageHeader extends DicomSeriesIdentity {
  readonly file: string;
  readonly transferSyntax: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly instanceNumber?: number;
  readonly hasPixelData: boolean;
  readonly pixel?: PixelFormat;
  readonly frames: readonly FrameHeader[];
  readonly pixelPadding?: { readonly value: number; readonly rangeLimit?: number };
  readonly gantryTilt?: number;
  readonly rawDataset: boolean;
  /**
   * Where uncompressed pixel data starts in the file and how long it is, known from the header
   * scan (absent for encapsulated or deflated data, whose bytes must be parsed from the whole file).
   */
  readonly nativePixelData?: { readonly offset: number; readonly length: number };
}

const MEDIA_DIRECTORY_SOP_CLASS = '1.2.840.10008.1.3.10';

function signedUs(ds: DataSet, tag: string, signed: boolean): number | undefined {
  const v = us(ds, tag);
  if (v === undefined) return undefined;
  return signed && v >= 0x8000 ? v - 0x10000 : v;
}

function pixelFormat(ds: DataSet): PixelFormat | undefined {
  const rows = us(ds, TAG.rows);
  const columns = us(ds, TAG.columns);
  const bitsAllocated = us(ds, TAG.bitsAllocated);
  if (!rows || !columns || !bitsAllocated) return undefined;
  const bitsStored = us(ds, TAG.bitsStored) ?? bitsAllocated;
  return {
    rows,
    columns,
    samplesPerPixel: us(ds, TAG.samplesPerPixel) ?? 1,
    bitsAllocated,
    bitsStored,
    highBit: us(ds, TAG.highBit) ?? bitsStored - 1,
    pixelRepresentation: us(ds, TAG.pixelRepresentation) ?? 0,
    photometric: str(ds, TAG.photometricInterpretation).toUpperCase() || 'MONOCHROME2',
    planarConfiguration: us(ds, TAG.planarConfiguration) ?? 0,
  };
}

/** Reads the frame-locating attributes from one dataset level (the top level or a functional group item). */
function framePart(ds: DataSet | undefined): Partial<FrameHeader> {
  if (!ds) return {};
  const position = nums(ds, TAG.imagePositionPatient, 3);
  const orientation = nums(ds, TAG.imageOrientationPatient, 6);
  const spacing = nums(ds, TAG.pixelSpacing, 2);
  const slope = num(ds, TAG.rescaleSlope);
  const intercept = num(ds, TAG.rescaleIntercept);
  const thickness = num(ds, TAG.sliceThickness);
  const imageType = codes(ds, TAG.imageType);
  const frameType = codes(ds, TAG.frameType);
  return {
    ...(position ? { position: position as unknown as Vec3 } : {}),
    ...(orientation ? { orientation } : {}),
    ...(spacing ? { pixelSpacing: [spacing[0]!, spacing[1]!] as const } : {}),
    ...(slope !== undefined && slope !== 0 ? { rescaleSlope: slope } : {}),
    ...(intercept !== undefined ? { rescaleIntercept: intercept } : {}),
    ...(thickness !== undefined ? { sliceThickness: thickness } : {}),
    ...(imageType.length ? { imageType } : frameType.length ? { imageType: frameType } : {}),
  };
}

/** The functional-group attributes of one frame: per-frame items override the shared ones. */
function groupPart(group: DataSet | undefined): Partial<FrameHeader> {
  return {
    ...framePart(firstItem(group, TAG.planePositionSequence)),
    ...framePart(firstItem(group, TAG.planeOrientationSequence)),
    ...framePart(firstItem(group, TAG.pixelMeasuresSequence)),
    ...framePart(firstItem(group, TAG.pixelValueTransformationSequence)),
    ...framePart(firstItem(group, TAG.ctImageFrameTypeSequence)),
  };
}

function completeFrame(frame: number, part: Partial<FrameHeader>): FrameHeader {
  return { ...part, frame, rescaleSlope: part.rescaleSlope ?? 1, rescaleIntercept: part.rescaleIntercept ?? 0, imageType: part.imageType ?? [] };
}

function frameHeaders(ds: DataSet, numberOfFrames: number): FrameHeader[] {
  const top = framePart(ds);
  const shared = firstItem(ds, TAG.sharedFunctionalGroups);
  const perFrame = items(ds, TAG.perFrameFunctionalGroups);
  if (!shared && perFrame.length === 0) {
    // Classic single-frame objects (or a legacy multi-frame without functional groups): one geometry for all frames.
    return Array.from({ length: numberOfFrames }, (_, f) => completeFrame(f, top));
  }
  const sharedPart = { ...top, ...groupPart(shared) };
  return Array.from({ length: numberOfFrames }, (_, f) => completeFrame(f, { ...sharedPart, ...groupPart(perFrame[f]) }));
}

function nativePixelData(parsed: ParsedDicom): { nativePixelData?: { offset: number; length: number } } {
  const el = parsed.dataSet.elements[TAG.pixelData];
  if (!el || el.encapsulatedPixelData || el.hadUndefinedLength || el.length === 0xffffffff) return {};
  if (parsed.transferSyntax === TRANSFER_SYNTAX.deflatedExplicitLittle || isCompressedSyntax(parsed.transferSyntax)) return {};
  return { nativePixelData: { offset: el.dataOffset, length: el.length } };
}

/** Extracts the header of a parsed DICOM object; objects without an SOP instance UID are refused. */
export function readImageHeader(parsed: ParsedDicom): Result<ImageHeader> {
  const ds = parsed.dataSet;
  // Anonymisers sometimes blank the dataset's UIDs; the meta header's copy is the next best name.
  const sopInstanceUid = str(ds, TAG.sopInstanceUid) || str(ds, TAG.mediaStorageSopInstanceUid);
  const seriesInstanceUid = str(ds, TAG.seriesInstanceUid);
  const sopClassUid = str(ds, TAG.sopClassUid) || str(ds, TAG.mediaStorageSopClassUid);
  if (sopClassUid === MEDIA_DIRECTORY_SOP_CLASS) return fail(`${parsed.file}: a DICOMDIR (a directory of files, not an image)`);
  const pixel = pixelFormat(ds);
  const hasPixelData = ds.elements[TAG.pixelData] !== undefined;
  const numberOfFrames = Math.max(1, Math.floor(num(ds, TAG.numberOfFrames) ?? 1));
  const signed = (pixel?.pixelRepresentation ?? 0) === 1;
  const padding = signedUs(ds, TAG.pixelPaddingValue, signed);
  const paddingLimit = signedUs(ds, TAG.pixelPaddingRangeLimit, signed);
  const instanceNumber = num(ds, TAG.instanceNumber);
  const seriesNumber = num(ds, TAG.seriesNumber);
  const gantryTilt = num(ds, TAG.gantryTilt);
  const frameOfReferenceUid = str(ds, TAG.frameOfReferenceUid);
  return ok({
    file: parsed.file,
    transferSyntax: parsed.transferSyntax,
    sopClassUid,
    sopInstanceUid: sopInstanceUid || `(no SOP Instance UID) ${parsed.file}`,
    ...(instanceNumber !== undefined ? { instanceNumber } : {}),
    modality: str(ds, TAG.modality).toUpperCase(),
    patientId: str(ds, TAG.patientId),
    patientName: str(ds, TAG.patientName),
    studyInstanceUid: str(ds, TAG.studyInstanceUid),
    studyDate: str(ds, TAG.studyDate),
    studyDescription: str(ds, TAG.studyDescription),
    // Objects without a series UID are grouped by folder, the way they were most likely exported.
    seriesInstanceUid: seriesInstanceUid || `(no series UID) ${dirname(parsed.file)}`,
    ...(seriesNumber !== undefined ? { seriesNumber } : {}),
    seriesDescription: str(ds, TAG.seriesDescription),
    ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}),
    hasPixelData,
    ...(pixel ? { pixel } : {}),
    frames: hasPixelData && pixel ? frameHeaders(ds, numberOfFrames) : [],
    ...(padding !== undefined ? { pixelPadding: { value: padding, ...(paddingLimit !== undefined ? { rangeLimit: paddingLimit } : {}) } } : {}),
    ...(gantryTilt !== undefined ? { gantryTilt } : {}),
    rawDataset: parsed.rawDataset,
    ...nativePixelData(parsed),
  });
}
