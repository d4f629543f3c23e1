import type { Vec3 } from '../../../shared/volume/mat3';
import type { Volume } from '../../../shared/volume/volume';
import type { ProgressSink } from '../../../shared/job';

/** Where slice k of a loaded volume came from. */
export interface DicomSliceRef {
  readonly sopInstanceUid: string;
  readonly file: string;
  /** Frame number within a multi-frame object (0 for single-frame files). */
  readonly frame: number;
  readonly instanceNumber?: number;
  /** ImagePositionPatient of the slice (LPS mm). */
  readonly position: Vec3;
}

/** Who and which series: read from every file's header, the same for all files of a series. */
export interface DicomSeriesIdentity {
  readonly patientId: string;
  readonly patientName: string;
  readonly studyInstanceUid: string;
  readonly studyDate: string;
  readonly studyDescription: string;
  readonly seriesInstanceUid: string;
  readonly seriesNumber?: number;
  readonly seriesDescription: string;
  readonly modality: string;
  readonly frameOfReferenceUid?: string;
}

/** What a folder scan knows about one series without decoding its pixels. */
export interface DicomSeriesInfo extends DicomSeriesIdentity {
  readonly rows: number;
  readonly columns: number;
  /** Number of image slices (frames summed over files). */
  readonly slices: number;
  readonly transferSyntaxes: readonly string[];
  readonly files: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * A CT series decoded onto its native grid: slice k is the k-th position along the slice
 * normal (ascending), i runs along ImageOrientationPatient's row direction (columns), j along
 * its column direction (rows). Values are Hounsfield units (rescale applied): Int16Array when
 * the rescale is integral and fits, else Float32Array.
 */
export interface LoadedCtSeries {
  readonly volume: Volume<Int16Array | Float32Array>;
  readonly slices: readonly DicomSliceRef[];
  readonly info: DicomSeriesInfo;
  readonly warnings: readonly string[];
}

export interface LoadSeriesOptions {
  /** Which series to load when the folder holds several; required then. */
  readonly seriesUid?: string;
  /** Load a non-CT image series (with a warning) instead of refusing it. */
  readonly allowNonCt?: boolean;
  readonly signal?: AbortSignal;
  /** Decode threads (default: one per core, at most 4); 1 decodes on the calling thread. */
  readonly threads?: number;
  /** Scan and decode progress (stages "scan" then "decode"). */
  readonly progress?: ProgressSink;
  /**
   * Voxels on shared memory, so the kernel workers read the CT without first copying it (a
   * 512 x 512 x 300 CT: 0.4-0.6 s on 2 cores). Only for a process that computes on the CT and
   * never sends it through IPC or structured clone, which refuse shared memory: the CLI.
   */
  readonly shared?: boolean;
}

/** What a folder scan found: every series, and every file it could not use with the reason. */
export interface DicomScan {
  readonly series: readonly DicomSeriesInfo[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** Problems with the folder as a whole (e.g. a stale DICOMDIR). */
  readonly warnings: readonly string[];
}
