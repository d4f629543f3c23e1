import { parentPort } from 'node:worker_threads';
import type { Scene } from './scene';
import type { ScanProtocol } from './protocol';
import { SliceRenderer } from './slice-render';

/** Renders the slices it is given and posts each back (buffers transferred, not copied). */
interface Job {
  readonly scene: Scene;
  readonly protocol: ScanProtocol;
  readonly slices: readonly number[];
}

parentPort?.once('message', (job: Job) => {
  try {
    const renderer = new SliceRenderer(job.scene, job.protocol);
    for (const k of job.slices) {
      const s = renderer.render(k);
      const buffers = [s.hu.buffer, s.lungs.buffer, s.tumor.buffer, s.tissue.buffer] as ArrayBuffer[];
      parentPort!.postMessage({ slice: s }, buffers);
    }
    parentPort!.postMessage({ done: true });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
