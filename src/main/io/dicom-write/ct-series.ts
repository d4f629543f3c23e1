import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';
import { indexToWorld } from '../../../shared/volume/geometry';
import { mat3Column } from '../../../shared/volume/mat3';
import type { Volume } from '../../../shared/volume/volume';
import { writeFileAtomic } from '../../fs/atomic';
import { decimalString, encodeDicomFile, type NaturalDataset } from '../seg/dicom-encode';
import { CT_IMAGE_STORAGE, derivedUid } from './uids';

/** Who and what the series is about; UIDs are derived from `uidSeed` unless given. */
export interface CtSeriesMeta {
  readonly uidSeed: string;
  readonly patientName: string;
  readonly patientId: string;
  readonly patientSex?: 'M' | 'F' | 'O';
  readonly patientAge?: string;
  readonly patientBirthDate?: string;
  readonly studyDate: string;
  readonly studyTime?: string;
  readonly studyDescription?: string;
  readonly seriesDescription?: string;
  readonly seriesNumber?: number;
  readonly sliceThickness: number;
  readonly convolutionKernel?: string;
  readonly kvp?: number;
  readonly exposureMas?: number;
  readonly manufacturer?: string;
  readonly bodyPart?: string;
}

export interface WrittenSeries {
  readonly folder: string;
  readonly files: readonly string[];
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  /** SOPInstanceUID of slice k of the volume. */
  readonly sopInstanceUids: readonly string[];
}

/** The UIDs a series written with this seed will carry (boxes can name slices before writing). */
export function seriesUids(uidSeed: string, slices: number) {
  return {
    studyInstanceUid: derivedUid(uidSeed, 'study'),
    seriesInstanceUid: derivedUid(uidSeed, 'series'),
    frameOfReferenceUid: derivedUid(uidSeed, 'frame'),
    sopInstanceUids: Array.from({ length: slices }, (_, k) => derivedUid(uidSeed, 'slice', k)),
  };
}

const INTERCEPT = -1024;

/**
 * Writes an int16 HU volume as a CT Image Storage series, one file per slice, explicit VR
 * little endian, unsigned 12-bit pixels with intercept -1024 (as Lung-PET-CT-Dx ships them).
 * Slice k's position and the orientation come from the volume's geometry, so a loader puts
 * every voxel where the volume has it. Instance 1 is the most superior slice, as scanners number.
 */
export function writeCtSeries(folder: string, v: Volume<Int16Array>, meta: CtSeriesMeta): Result<WrittenSeries> {
  const [nx, ny, nz] = v.dims;
  const row = mat3Column(v.direction, 0);
  const col = mat3Column(v.direction, 1);
  const uids = seriesUids(meta.uidSeed, nz);
  const digits = Math.max(2, String(nz).length);
  const files: string[] = [];
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    return fail(`cannot create ${folder} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const plane = nx * ny;
  const pixels = new Uint16Array(plane);
  for (let k = 0; k < nz; k++) {
    for (let p = 0; p < plane; p++) {
      const stored = v.data[k * plane + p]! - INTERCEPT;
      pixels[p] = stored < 0 ? 0 : stored > 4095 ? 4095 : stored;
    }
    const instance = nz - k;
    const pos = indexToWorld(v, [0, 0, k]);
    const sop = uids.sopInstanceUids[k]!;
    const dataset: NaturalDataset = {
      SpecificCharacterSet: 'ISO_IR 100',
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      SOPClassUID: CT_IMAGE_STORAGE,
      SOPInstanceUID: sop,
      StudyDate: meta.studyDate, SeriesDate: meta.studyDate, ContentDate: meta.studyDate,
      StudyTime: meta.studyTime ?? '090000', SeriesTime: meta.studyTime ?? '090000', ContentTime: meta.studyTime ?? '090000',
      AccessionNumber: '',
      Modality: 'CT',
      Manufacturer: meta.manufacturer ?? 'LungTS',
      ReferringPhysicianName: '',
      StudyDescription: meta.studyDescription ?? '',
      SeriesDescription: meta.seriesDescription ?? '',
      PatientName: meta.patientName,
      PatientID: meta.patientId,
      PatientBirthDate: meta.patientBirthDate ?? '',
      PatientSex: meta.patientSex ?? '',
      PatientAge: meta.patientAge ?? '',
      BodyPartExamined: meta.bodyPart ?? 'CHEST',
      SliceThickness: decimalString(meta.sliceThickness),
      KVP: decimalString(meta.kvp ?? 120),
      Exposure: String(Math.round(meta.exposureMas ?? 150)),
      ConvolutionKernel: meta.convolutionKernel ?? '',
      PatientPosition: 'HFS',
      StudyInstanceUID: uids.studyInstanceUid,
      SeriesInstanceUID: uids.seriesInstanceUid,
      StudyID: '1',
      SeriesNumber: String(meta.seriesNumber ?? 2),
      InstanceNumber: String(instance),
      ImagePositionPatient: pos.map(decimalString),
      ImageOrientationPatient: [...row, ...col].map(decimalString),
      FrameOfReferenceUID: uids.frameOfReferenceUid,
      PositionReferenceIndicator: '',
      SliceLocation: decimalString(pos[2]),
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: ny,
      Columns: nx,
      PixelSpacing: [decimalString(v.spacing[1]), decimalString(v.spacing[0])],
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      WindowCenter: '-600',
      WindowWidth: '1500',
      RescaleIntercept: decimalString(INTERCEPT),
      RescaleSlope: '1',
      RescaleType: 'HU',
      PixelData: [pixels.buffer.slice(0)],
      _vrMap: { PixelData: 'OW' },
    };
    const name = `1-${String(instance).padStart(digits, '0')}.dcm`;
    try {
      writeFileAtomic(join(folder, name), encodeDicomFile(dataset));
    } catch (e) {
      return fail(`cannot write ${join(folder, name)} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    files[k] = name;
  }
  return ok({ folder, files, ...uids });
}
