import type { Worker } from 'node:worker_threads';
import { CANCELLED, type CancelSignal, type ProgressSink } from '../../shared/job';
import { fail, ok, type Result } from '../../shared/result';
import type { ScanProtocol } from './protocol';
import type { Scene } from './scene';
import { SliceRenderer, type RenderedSlice } from './slice-render';
import { spawnPhantomWorker } from './spawn-worker';

/**
 * Renders all slices of a scan, in this thread or spread over worker threads (slice k goes to
 * worker k mod W). Each slice depends only on the scene, the protocol and k, so the bytes are
 * the same for any thread count.
 */
/** Where the slices go: whole volumes, slice k at offset k * plane. */
export interface SliceVolumes {
  readonly hu: Int16Array;
  readonly lungs: Uint8Array;
  readonly tumor: Uint8Array;
  readonly tissue: Uint8Array;
}

export async function renderSlices(
  scene: Scene, protocol: ScanProtocol, threads: number, out: SliceVolumes,
  progress: ProgressSink, signal: CancelSignal,
): Promise<Result<void>> {
  const plane = protocol.matrix * protocol.matrix;
  const view = (k: number) => ({
    hu: out.hu.subarray(k * plane, (k + 1) * plane), lungs: out.lungs.subarray(k * plane, (k + 1) * plane),
    tumor: out.tumor.subarray(k * plane, (k + 1) * plane), tissue: out.tissue.subarray(k * plane, (k + 1) * plane),
  });
  const onSlice = (s: RenderedSlice) => {
    const v = view(s.k);
    v.hu.set(s.hu);
    v.lungs.set(s.lungs);
    v.tumor.set(s.tumor);
    v.tissue.set(s.tissue);
  };
  const total = protocol.slices;
  let done = 0;
  const report = () => progress({ stage: 'render', fraction: done / total, message: `slice ${done}/${total}` });
  if (threads <= 1) {
    const r = new SliceRenderer(scene, protocol);
    for (let k = 0; k < total; k++) {
      if (signal.aborted) return fail(CANCELLED);
      r.render(k, view(k));
      done++;
      report();
      // Let an abort (or other tasks) in between slices.
      if (k % 8 === 7) await new Promise((res) => setImmediate(res));
    }
    return ok(undefined);
  }
  const workers: Worker[] = [];
  const stopAll = () => workers.forEach((w) => void w.terminate());
  const onAbort = () => stopAll();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const runs = Array.from({ length: Math.min(threads, total) }, (_, w) => new Promise<Result<void>>((resolve) => {
      const slices: number[] = [];
      for (let k = w; k < total; k += threads) slices.push(k);
      const worker = spawnPhantomWorker();
      workers.push(worker);
      worker.on('message', (m: { slice?: RenderedSlice; done?: boolean; error?: string }) => {
        if (m.slice) {
          onSlice(m.slice);
          done++;
          report();
        } else if (m.done) {
          resolve(ok(undefined));
          void worker.terminate();
        } else if (m.error) resolve(fail(`phantom worker failed: ${m.error}`));
      });
      worker.on('error', (e) => resolve(fail(`phantom worker failed: ${e.message}`)));
      worker.on('exit', (code) => resolve(signal.aborted ? fail(CANCELLED) : code === 0 || code === 1 ? ok(undefined) : fail(`phantom worker exited with code ${code}`)));
      worker.postMessage({ scene, protocol, slices });
    }));
    const results = await Promise.all(runs);
    if (signal.aborted) return fail(CANCELLED);
    const bad = results.find((r) => !r.ok);
    if (bad) return bad;
    if (done !== total) return fail(`phantom workers returned ${done} of ${total} slices`);
    return ok(undefined);
  } finally {
    signal.removeEventListener('abort', onAbort);
    stopAll();
  }
}
