import { dirname } from 'node:path';
import { stat } from 'node:fs/promises';
import { fail, ok, withContext, type Result } from '../../../shared/result';
import { allocateVoxels, createVolume } from '../../../shared/volume/volume';
import { sharedVoxels } from '../../parallel/shared-memory';
import type { ImageHeader } from './header';
import { decodeOnWorkers, decodeThreads } from './pixels/decode-pool';
import { decodeSlices, type SliceResult, type SliceTask } from './pixels/decode-slices';
import { isSupportedSyntax } from './pixels/frame-bytes';
import { PADDING_HU, fitsInt16Range, type HuTransform } from './pixels/to-hu';
import { chooseSeries, skippedSummary } from './series-choice';
import { describeFiles, buildSliceStack, type SliceSource } from './slice-stack';
import { scanHeaders, seriesInfo, type HeaderScan } from './scan';
import { transferSyntaxName } from './tags';
import type { DicomSliceRef, LoadedCtSeries, LoadSeriesOptions } from './types';

function checkPixelFormat(images: readonly ImageHeader[], root: string, warnings: string[]): Result<void> {
  const colour = images.filter((h) => h.pixel!.samplesPerPixel !== 1 || !h.pixel!.photometric.startsWith('MONOCHROME'));
  if (colour.length > 0) {
    const p = colour[0]!.pixel!;
    return fail(`colour images (${p.photometric}, ${p.samplesPerPixel} samples per pixel) are not a CT volume: ${describeFiles(colour.map((h) => h.file), root)}`);
  }
  const unsupported = images.filter((h) => !isSupportedSyntax(h.transferSyntax));
  if (unsupported.length > 0) {
    return fail(`unsupported transfer syntax ${transferSyntaxName(unsupported[0]!.transferSyntax)} in ${describeFiles(unsupported.map((h) => h.file), root)}`);
  }
  const odd = images.filter((h) => ![8, 16, 32].includes(h.pixel!.bitsAllocated) || h.pixel!.bitsStored > h.pixel!.bitsAllocated || h.pixel!.bitsStored < 1);
  if (odd.length > 0) {
    const p = odd[0]!.pixel!;
    return fail(`unsupported pixel layout (BitsAllocated ${p.bitsAllocated}, BitsStored ${p.bitsStored}) in ${describeFiles(odd.map((h) => h.file), root)}`);
  }
  if (images.some((h) => h.pixel!.photometric === 'MONOCHROME1')) {
    warnings.push('MONOCHROME1 images: the rescale to HU applies to the stored values as they are (MONOCHROME1 only inverts the display)');
  }
  return ok(undefined);
}

/** Work units (an uncompressed slice is 1) from which decoding is spread over worker threads. */
const PARALLEL_WORK = 96;

function huTransform(s: SliceSource): HuTransform {
  const pad = s.header.pixelPadding;
  const padding = pad === undefined ? undefined
    : { lo: Math.min(pad.value, pad.rangeLimit ?? pad.value), hi: Math.max(pad.value, pad.rangeLimit ?? pad.value) };
  return { slope: s.frame.rescaleSlope, intercept: s.frame.rescaleIntercept, ...(padding ? { padding } : {}), paddingHu: PADDING_HU };
}

/**
 * Loads one CT series from a folder tree or a file: scans the headers, picks the series,
 * orders the slices along the slice normal, decodes every frame and rescales to HU.
 */
export async function loadCtSeries(path: string, opts: LoadSeriesOptions = {}): Promise<Result<LoadedCtSeries>> {
  const progress = opts.progress ?? (() => undefined);
  const isFile = await stat(path).then((s) => s.isFile(), () => false);
  progress({ stage: 'scan', fraction: 0, message: `reading DICOM headers under ${path}` });
  const scan = await scanHeaders(path, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onFile: (done, total) => progress({ stage: 'scan', fraction: 0.1 * (done / total), message: `read ${done} of ${total} headers` }),
  });
  if (!scan.ok) return scan;
  if (isFile && scan.value.headers.length === 0) return fail(scan.value.skipped[0] ? `${path}: ${scan.value.skipped[0].reason}` : `${path}: not a DICOM file`);
  return loadSeriesFromScan(scan.value, path, isFile ? dirname(path) : path, opts);
}

/** Loads one series of an existing header scan (so that listing every series scans once). */
export async function loadSeriesFromScan(scan: HeaderScan, path: string, root: string, opts: LoadSeriesOptions = {}): Promise<Result<LoadedCtSeries>> {
  const progress = opts.progress ?? (() => undefined);
  const chosen = chooseSeries(scan, path, opts.seriesUid);
  if (!chosen.ok) return chosen;
  const images = chosen.value;
  const info = seriesInfo(images);
  const warnings = [...scan.warnings, ...info.warnings];
  const modality = images[0]!.modality;
  if (modality !== 'CT' && modality !== '') {
    if (!opts.allowNonCt) return fail(`${path}: series ${info.seriesInstanceUid} is ${modality}, not CT (modality ${modality} in ${describeFiles(images.map((h) => h.file), root)})`);
    warnings.push(`the series is ${modality}, not CT: values are rescaled stored values, not Hounsfield units`);
  }
  const format = checkPixelFormat(images, root, warnings);
  if (!format.ok) return withContext(format, path);
  const stack = buildSliceStack(images, root);
  if (!stack.ok) return fail(`${path}: ${stack.error}${skippedSummary(scan)}`);
  warnings.push(...stack.value.warnings);

  const { slices, dims } = stack.value;
  const perSlice = dims[0] * dims[1];
  const tasks: SliceTask[] = slices.map((s, k) => ({ k, header: s.header, frame: s.frame.frame, transform: huTransform(s) }));
  const type = tasks.every((t) => Number.isInteger(t.transform.slope) && Number.isInteger(t.transform.intercept)) ? 'int16' : 'float32';
  const report = (done: number) => progress({ stage: 'decode', fraction: 0.1 + 0.9 * (done / slices.length), message: `decoded ${done} of ${slices.length} slices` });
  const threads = Math.max(1, Math.floor(opts.threads ?? decodeThreads()));
  // Compressed slices cost 10-100x an uncompressed one, and only they repay the threads' start-up and the copy
  // out of shared memory (measured: 300 uncompressed slices load no faster on 2 threads than on 1).
  const work = tasks.reduce((n, t) => n + (t.header.nativePixelData ? 0 : 16), 0);
  let out: Int16Array | Float32Array;
  let results: SliceResult[];
  if (threads > 1 && work >= PARALLEL_WORK) {
    const decoded = await decodeOnWorkers(tasks, type, perSlice, slices.length, threads, opts.signal, report, opts.shared === true);
    if (!decoded.ok) return decoded;
    ({ out, results } = decoded.value);
  } else {
    out = (opts.shared ? sharedVoxels : allocateVoxels)(type, perSlice * slices.length) as Int16Array | Float32Array;
    const decoded = await decodeSlices(tasks, out, perSlice, opts.signal, (done) => done % 16 === 0 && report(done));
    if (!decoded.ok) return decoded;
    results = decoded.value;
  }
  const overflow = new Set(results.filter((r) => !fitsInt16Range(r)).map((r) => r.k));
  if (out instanceof Int16Array && overflow.size > 0) {
    // Values beyond int16 (unusual rescales): keep them exactly in float rather than wrap.
    out = Float32Array.from(out);
    const redo = await decodeSlices(tasks.filter((t) => overflow.has(t.k)), out, perSlice, opts.signal);
    if (!redo.ok) return redo;
    results = [...results.filter((r) => !overflow.has(r.k)), ...redo.value];
  }
  const padded = results.reduce((n, r) => n + r.padded, 0);
  if (padded > 0) warnings.push(`${padded} padding pixels (Pixel Padding Value, outside the scanned field) were set to ${PADDING_HU} HU`);
  const volume = createVolume({ dims: stack.value.dims, spacing: stack.value.spacing, origin: stack.value.origin, direction: stack.value.direction }, out);
  if (!volume.ok) return withContext(volume, `${path}: invalid geometry`);
  progress({ stage: 'decode', fraction: 1, message: `loaded ${slices.length} slices` });
  const refs: DicomSliceRef[] = slices.map((s) => ({
    sopInstanceUid: s.header.sopInstanceUid,
    file: s.header.file,
    frame: s.frame.frame,
    ...(s.header.instanceNumber !== undefined ? { instanceNumber: s.header.instanceNumber } : {}),
    position: s.frame.position ?? [0, 0, 0],
  }));
  return ok({ volume: volume.value, slices: refs, info, warnings });
}

