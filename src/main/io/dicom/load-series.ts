import { dirname } from 'node:path';
import { stat } from 'node:fs/promises';
import { fail, ok, withContext, type Result } from '../../../shared/result';
import { createVolume } from '../../../shared/volume/volume';
import type { ImageHeader } from './header';
import { readDicomFile } from './parse-file';
import { FrameReader, isSupportedSyntax } from './pixels/frame-bytes';
import { NativeFrameFileReader } from './pixels/native-file';
import { storedValues } from './pixels/stored-values';
import { PADDING_HU, fitsInt16Range, writeHu, type HuTransform } from './pixels/to-hu';
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
  const transforms = slices.map(huTransform);
  let out: Int16Array | Float32Array = transforms.every((t) => Number.isInteger(t.slope) && Number.isInteger(t.intercept))
    ? new Int16Array(perSlice * slices.length)
    : new Float32Array(perSlice * slices.length);
  let padded = 0;
  let reader: { file: string; frames: FrameReader } | undefined;
  const nativeReader = new NativeFrameFileReader();
  for (let k = 0; k < slices.length; k++) {
    if (opts.signal?.aborted) return fail('cancelled');
    const s = slices[k]!;
    let bytes: Result<Uint8Array>;
    if (s.header.nativePixelData) bytes = nativeReader.read(s.header, s.frame.frame);
    else {
      if (reader?.file !== s.header.file) {
        const parsed = readDicomFile(s.header.file);
        if (!parsed.ok) return parsed;
        reader = { file: s.header.file, frames: new FrameReader(parsed.value, s.header) };
      }
      bytes = await reader.frames.frame(s.frame.frame);
    }
    if (!bytes.ok) return bytes;
    const stored = storedValues(bytes.value, s.header.pixel!);
    if (stored.length < perSlice) return fail(`${s.header.file}: frame ${s.frame.frame + 1} holds ${stored.length} pixels, expected ${perSlice}`);
    let w = writeHu(stored, s.header.pixel!, transforms[k]!, out, k * perSlice, perSlice);
    if (out instanceof Int16Array && !fitsInt16Range(w)) {
      // Values beyond int16 (unusual rescales): keep them exactly in float rather than wrap.
      out = Float32Array.from(out);
      w = writeHu(stored, s.header.pixel!, transforms[k]!, out, k * perSlice, perSlice);
    }
    padded += w.padded;
    if (k % 16 === 15) {
      progress({ stage: 'decode', fraction: 0.1 + 0.9 * ((k + 1) / slices.length), message: `decoded ${k + 1} of ${slices.length} slices` });
      await new Promise((r) => setImmediate(r));
    }
  }
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

