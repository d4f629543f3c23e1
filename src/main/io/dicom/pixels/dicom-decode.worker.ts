import { parentPort } from 'node:worker_threads';
import { decodeSlices, type SliceTask } from './decode-slices';

/** A decode worker: fills its share of the slices of a shared output volume. */
export interface DecodeRequest {
  readonly tasks: readonly SliceTask[];
  readonly buffer: SharedArrayBuffer;
  readonly type: 'int16' | 'float32';
  readonly perSlice: number;
}

export type DecodeReply =
  | { readonly kind: 'progress'; readonly done: number }
  | { readonly kind: 'done'; readonly results: { k: number; padded: number; min: number; max: number }[] }
  | { readonly kind: 'error'; readonly error: string };

const port = parentPort;
if (port) {
  port.on('message', (req: DecodeRequest) => {
    const out = req.type === 'int16' ? new Int16Array(req.buffer) : new Float32Array(req.buffer);
    decodeSlices(req.tasks, out, req.perSlice, undefined, (done) => {
      if (done % 8 === 0) port.postMessage({ kind: 'progress', done } satisfies DecodeReply);
    }).then(
      (r) => port.postMessage((r.ok ? { kind: 'done', results: r.value } : { kind: 'error', error: r.error }) satisfies DecodeReply),
      (e: unknown) => port.postMessage({ kind: 'error', error: `decode worker failed: ${e instanceof Error ? e.message : String(e)}` } satisfies DecodeReply),
    );
  });
}
