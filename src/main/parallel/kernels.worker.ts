import { parentPort } from 'node:worker_threads';
import { runKernel, type KernelTask } from './tasks';

// Voxel kernels on shared memory; replies {ok} once the slab is written.
parentPort?.on('message', (task: KernelTask) => {
  try {
    runKernel(task);
    parentPort?.postMessage({ ok: true });
  } catch (e) {
    parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
