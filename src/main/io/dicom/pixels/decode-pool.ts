import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { fail, ok, type Result } from '../../../../shared/result';
import { spawnWorker } from '../../../workers/entry';
import type { SliceResult, SliceTask } from './decode-slices';
import type { DecodeReply, DecodeRequest } from './dicom-decode.worker';

/** How many threads to decode on: one per core, at most 4 (file reading saturates beyond). */
export function decodeThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** Starts a decode worker (dist/workers/dicom-decode.js when built, the .ts from source). */
function spawnDecodeWorker(): Worker {
  return spawnWorker('dicom-decode', new URL('./dicom-decode.worker.ts', import.meta.url), import.meta.url);
}

/**
 * Decodes slices on worker threads into one shared buffer. Each worker takes an interleaved
 * share of the slices, so slow (compressed) and fast slices spread evenly.
 */
export async function decodeOnWorkers(
  tasks: readonly SliceTask[],
  type: 'int16' | 'float32',
  perSlice: number,
  total: number,
  threads: number,
  signal?: AbortSignal,
  onProgress?: (done: number) => void,
  shared = false,
): Promise<Result<{ out: Int16Array | Float32Array; results: SliceResult[] }>> {
  const bytesPer = type === 'int16' ? 2 : 4;
  const buffer = new SharedArrayBuffer(perSlice * total * bytesPer);
  const shares = Array.from({ length: threads }, (_, w) => tasks.filter((_, n) => n % threads === w)).filter((s) => s.length > 0);
  const workers = shares.map(() => spawnDecodeWorker());
  const done = new Array<number>(workers.length).fill(0);
  const stop = () => workers.forEach((w) => void w.terminate());
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const replies = await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<Result<SliceResult[]>>((resolve) => {
            w.on('message', (m: DecodeReply) => {
              if (m.kind === 'progress') {
                done[i] = m.done;
                onProgress?.(done.reduce((a, b) => a + b, 0));
              } else resolve(m.kind === 'done' ? ok(m.results) : fail(m.error));
            });
            w.on('error', (e) => resolve(fail(`decode worker failed: ${e.message}`)));
            w.on('exit', (code) => resolve(fail(signal?.aborted ? 'cancelled' : `decode worker stopped (exit code ${code})`)));
            w.postMessage({ tasks: shares[i]!, buffer, type, perSlice } satisfies DecodeRequest);
          }),
      ),
    );
    const failed = replies.find((r) => !r.ok);
    if (failed && !failed.ok) return failed;
    const results = replies.flatMap((r) => (r.ok ? r.value : []));
    // A plain (non-shared) copy unless asked: volumes travel through IPC and structured clone, which refuse shared memory.
    const view = type === 'int16' ? new Int16Array(buffer) : new Float32Array(buffer);
    const out = shared ? view : view.slice();
    return ok({ out, results });
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}
