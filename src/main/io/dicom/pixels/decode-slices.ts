import { fail, ok, type Result } from '../../../../shared/result';
import type { ImageHeader } from '../header';
import { readDicomFile } from '../parse-file';
import { FrameReader } from './frame-bytes';
import { NativeFrameFileReader } from './native-file';
import { storedValues } from './stored-values';
import { writeHu, type HuTransform, type SliceWrite } from './to-hu';

/** One slice to decode: frame `frame` of the file in `header`, written at slice index `k` of the volume. */
export interface SliceTask {
  readonly k: number;
  readonly header: ImageHeader;
  readonly frame: number;
  readonly transform: HuTransform;
}

export interface SliceResult extends SliceWrite {
  readonly k: number;
}

/**
 * Decodes slices into `out` (slice k at k * perSlice). Runs on the main thread for small
 * series and inside each decode worker for large ones, so both paths are the same code.
 */
export async function decodeSlices(
  tasks: readonly SliceTask[],
  out: Int16Array | Float32Array,
  perSlice: number,
  signal?: { readonly aborted: boolean },
  onSlice?: (done: number) => void,
): Promise<Result<SliceResult[]>> {
  const results: SliceResult[] = [];
  const nativeReader = new NativeFrameFileReader();
  let reader: { file: string; frames: FrameReader } | undefined;
  for (const task of tasks) {
    if (signal?.aborted) return fail('cancelled');
    const { header } = task;
    let bytes: Result<Uint8Array>;
    if (header.nativePixelData) bytes = nativeReader.read(header, task.frame);
    else {
      if (reader?.file !== header.file) {
        const parsed = readDicomFile(header.file);
        if (!parsed.ok) return parsed;
        reader = { file: header.file, frames: new FrameReader(parsed.value, header) };
      }
      bytes = await reader.frames.frame(task.frame);
    }
    if (!bytes.ok) return bytes;
    const stored = storedValues(bytes.value, header.pixel!);
    if (stored.length < perSlice) return fail(`${header.file}: frame ${task.frame + 1} holds ${stored.length} pixels, expected ${perSlice}`);
    results.push({ k: task.k, ...writeHu(stored, header.pixel!, task.transform, out, task.k * perSlice, perSlice) });
    onSlice?.(results.length);
    // Let a cancel request (and progress output) through now and then.
    if (results.length % 32 === 0) await new Promise((r) => setImmediate(r));
  }
  return ok(results);
}
