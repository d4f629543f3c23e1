import type { Vec3 } from '../../../shared/volume/mat3';
import { fail, ok, type Result } from '../../../shared/result';
import type { DataSet } from '../dicom/lib';
import { readDicomFile } from '../dicom/parse-file';
import { TRANSFER_SYNTAX } from '../dicom/tags';
import { firstItem, items, num, nums, str, us } from '../dicom/values';
import { ANN_TAG as T, SOP_CLASS } from './seg-tags';

export interface SegSegment {
  readonly number: number;
  readonly label: string;
  readonly description: string;
  readonly algorithmType: string;
  /** CodeMeaning of the segmented property type (e.g. "Neoplasm"), when given. */
  readonly propertyType: string;
}

export interface SourceRef {
  readonly sopInstanceUid: string;
  /** 1-based frame number within a multi-frame source, when given. */
  readonly frameNumber?: number;
}

export interface SegFrame {
  /** Segment this frame belongs to; undefined in a LABELMAP SEG, whose pixel values are segment numbers. */
  readonly segment?: number;
  readonly position?: Vec3;
  readonly orientation?: readonly number[];
  readonly pixelSpacing?: readonly [number, number];
  readonly sources: readonly SourceRef[];
}

export type SegType = 'BINARY' | 'FRACTIONAL' | 'LABELMAP';

/** A DICOM Segmentation object with its frames unpacked to one value per pixel. */
export interface DicomSeg {
  readonly file: string;
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly type: SegType;
  /** FRACTIONAL only: PROBABILITY or OCCUPANCY. */
  readonly fractionalType: string;
  /** FRACTIONAL only: the stored value meaning 1.0. */
  readonly maxFractionalValue: number;
  readonly rows: number;
  readonly columns: number;
  readonly segments: readonly SegSegment[];
  readonly referencedSeries: readonly { readonly seriesInstanceUid: string; readonly instances: readonly string[] }[];
  readonly frames: readonly SegFrame[];
  /** rows*columns values per frame, frame after frame: 0/1 (BINARY), 0..max (FRACTIONAL) or segment numbers (LABELMAP). */
  readonly pixels: Uint8Array | Uint16Array;
}

function frameGeometry(group: DataSet | undefined): Pick<SegFrame, 'position' | 'orientation' | 'pixelSpacing'> {
  const posDs = firstItem(group, T.planePositionSequence);
  const pos = posDs ? nums(posDs, T.imagePositionPatient, 3) : undefined;
  const orientDs = firstItem(group, T.planeOrientationSequence);
  const orient = orientDs ? nums(orientDs, T.imageOrientationPatient, 6) : undefined;
  const measDs = firstItem(group, T.pixelMeasuresSequence);
  const spacing = measDs ? nums(measDs, T.pixelSpacing, 2) : undefined;
  return {
    ...(pos ? { position: pos as unknown as Vec3 } : {}),
    ...(orient ? { orientation: orient } : {}),
    ...(spacing ? { pixelSpacing: [spacing[0]!, spacing[1]!] as const } : {}),
  };
}

function sourcesOf(group: DataSet | undefined): SourceRef[] {
  const out: SourceRef[] = [];
  for (const deriv of items(group, T.derivationImageSequence)) {
    for (const src of items(deriv, T.sourceImageSequence)) {
      const uid = str(src, T.referencedSopInstanceUid);
      const frameNumber = num(src, T.referencedFrameNumber);
      if (uid) out.push({ sopInstanceUid: uid, ...(frameNumber !== undefined ? { frameNumber } : {}) });
    }
  }
  return out;
}

function unpackBits(bytes: Uint8Array, count: number): Uint8Array {
  // SEG BINARY packs pixels continuously across frame boundaries, least significant bit first.
  const out = new Uint8Array(count);
  for (let p = 0; p < count; p++) out[p] = (bytes[p >> 3]! >> (p & 7)) & 1;
  return out;
}

/** Reads a DICOM SEG (BINARY, FRACTIONAL or LABELMAP, uncompressed) with its references and frame positions. */
export function readSeg(file: string): Result<DicomSeg> {
  const parsed = readDicomFile(file);
  if (!parsed.ok) return parsed;
  const { dataSet: ds, transferSyntax } = parsed.value;
  const sopClass = str(ds, T.sopClassUid);
  const modality = str(ds, T.modality);
  if (modality !== 'SEG' && sopClass !== SOP_CLASS.segmentation && sopClass !== SOP_CLASS.labelMapSegmentation) {
    return fail(`${file}: not a DICOM Segmentation (modality ${modality || 'missing'})`);
  }
  const native: string[] = [TRANSFER_SYNTAX.implicitLittle, TRANSFER_SYNTAX.explicitLittle, TRANSFER_SYNTAX.deflatedExplicitLittle];
  if (!native.includes(transferSyntax)) {
    return fail(`${file}: compressed or big-endian SEG (transfer syntax ${transferSyntax}) is not supported; store it uncompressed (e.g. dcmdrle / gdcmconv --raw)`);
  }
  const typeRaw = str(ds, T.segmentationType).toUpperCase();
  const type: SegType | undefined = typeRaw === 'BINARY' || typeRaw === 'FRACTIONAL' || typeRaw === 'LABELMAP' ? typeRaw : undefined;
  if (!type) return fail(`${file}: unknown SegmentationType "${typeRaw}"`);
  const rows = us(ds, T.rows) ?? 0;
  const columns = us(ds, T.columns) ?? 0;
  const frameCount = num(ds, T.numberOfFrames) ?? 1;
  const bits = us(ds, T.bitsAllocated) ?? 0;
  if (rows <= 0 || columns <= 0 || !Number.isInteger(frameCount) || frameCount < 1) {
    return fail(`${file}: invalid image size (${columns}x${rows}, ${frameCount} frames)`);
  }
  const expectedBits = type === 'BINARY' ? [1] : type === 'FRACTIONAL' ? [8] : [8, 16];
  if (!expectedBits.includes(bits)) return fail(`${file}: a ${type} SEG must have BitsAllocated ${expectedBits.join(' or ')}, found ${bits}`);

  const segments: SegSegment[] = items(ds, T.segmentSequence).map((s) => {
    const property = firstItem(s, T.segmentedPropertyTypeCodeSequence);
    return {
      number: us(s, T.segmentNumber) ?? 0,
      label: str(s, T.segmentLabel),
      description: str(s, T.segmentDescription),
      algorithmType: str(s, T.segmentAlgorithmType),
      propertyType: property ? str(property, T.codeMeaning) : '',
    };
  });
  if (segments.length === 0) return fail(`${file}: the SEG lists no segments (SegmentSequence is empty)`);

  const shared = firstItem(ds, T.sharedFunctionalGroups);
  const sharedGeom = frameGeometry(shared);
  const sharedSources = sourcesOf(shared);
  const perFrame = items(ds, T.perFrameFunctionalGroups);
  if (perFrame.length !== 0 && perFrame.length !== frameCount) {
    return fail(`${file}: ${frameCount} frames but ${perFrame.length} per-frame functional group items`);
  }
  const frames: SegFrame[] = [];
  for (let f = 0; f < frameCount; f++) {
    const group = perFrame[f];
    const segmentItem = firstItem(group, T.segmentIdentificationSequence) ?? firstItem(shared, T.segmentIdentificationSequence);
    const segment = segmentItem ? us(segmentItem, T.referencedSegmentNumber) : undefined;
    if (type !== 'LABELMAP') {
      if (segment === undefined) return fail(`${file}: frame ${f + 1} does not say which segment it belongs to`);
      if (!segments.some((s) => s.number === segment)) return fail(`${file}: frame ${f + 1} refers to segment ${segment}, which the SEG does not define`);
    }
    const own = frameGeometry(group);
    const sources = sourcesOf(group);
    frames.push({
      ...(type !== 'LABELMAP' && segment !== undefined ? { segment } : {}),
      ...sharedGeom,
      ...own,
      sources: sources.length ? sources : sharedSources,
    });
  }

  const el = ds.elements[T.pixelData];
  if (!el || el.length === 0) return fail(`${file}: the SEG has no pixel data`);
  if (el.encapsulatedPixelData) return fail(`${file}: the SEG's pixel data is encapsulated (compressed), which is not supported`);
  const bytes = new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
  const count = frameCount * rows * columns;
  const needed = type === 'BINARY' ? Math.ceil(count / 8) : count * (bits / 8);
  if (bytes.length < needed) return fail(`${file}: pixel data holds ${bytes.length} bytes but ${frameCount} frames of ${columns}x${rows} need ${needed} (truncated file?)`);
  let pixels: Uint8Array | Uint16Array;
  if (type === 'BINARY') pixels = unpackBits(bytes, count);
  else if (bits === 8) pixels = bytes.slice(0, count);
  else {
    pixels = new Uint16Array(count);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, needed);
    for (let p = 0; p < count; p++) pixels[p] = dv.getUint16(p * 2, true);
  }

  const referencedSeries = items(ds, T.referencedSeriesSequence).map((s) => ({
    seriesInstanceUid: str(s, T.seriesInstanceUid),
    instances: items(s, T.referencedInstanceSequence).map((i) => str(i, T.referencedSopInstanceUid)),
  }));
  return ok({
    file,
    sopInstanceUid: str(ds, T.sopInstanceUid),
    seriesInstanceUid: str(ds, T.seriesInstanceUid),
    frameOfReferenceUid: str(ds, T.frameOfReferenceUid),
    type,
    fractionalType: str(ds, T.segmentationFractionalType),
    maxFractionalValue: type === 'FRACTIONAL' ? (us(ds, T.maximumFractionalValue) ?? 255) : 1,
    rows,
    columns,
    segments,
    referencedSeries,
    frames,
    pixels,
  });
}
