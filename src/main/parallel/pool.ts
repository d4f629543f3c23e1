import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../workers/entry';
import type { KernelTask } from './tasks';

interface Pending {
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  busy: boolean;
  /** Bytes of shared memory handed to this worker since it started (each buffer counted once per task). */
  handed: number;
}

/**
 * A worker's isolate keeps every SharedArrayBuffer it was sent until its own garbage collector
 * runs, and a worker that only computes allocates too little to make it run: measured, 12
 * lung masks of full-size phantoms in one process left 3.0 GB of array buffers alive (flat at
 * 0.2-0.4 GB on the calling thread), and 65 of them 12.5 GB. So a worker that has been handed
 * its share of this much is stopped once idle, which frees what it held; the next task starts a
 * fresh one. Shared by the pool's workers (each task hands the whole source, so more workers
 * would otherwise hold more), but at least 256 MB each so a 512 x 512 x 300 CT's task fits.
 */
export const RECYCLE_AFTER_BYTES = 2 * (1 << 30);

/** One worker's share of RECYCLE_AFTER_BYTES in a pool of `size`. */
export function recycleBudget(size: number): number {
  return Math.max(256 * (1 << 20), Math.floor(RECYCLE_AFTER_BYTES / Math.max(1, size)));
}

/** Bytes of the distinct shared buffers a task's views lie on (what the worker will hold). */
export function sharedBytesOf(task: KernelTask): number {
  const buffers = new Set<SharedArrayBuffer>();
  for (const value of Object.values(task)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof SharedArrayBuffer) buffers.add(value.buffer);
  }
  let bytes = 0;
  for (const b of buffers) bytes += b.byteLength;
  return bytes;
}

/**
 * A few long-lived worker threads running the voxel kernels (resampling, block averaging) on
 * shared memory. Idle workers are unref'ed: an idle pool never keeps a CLI run alive, a busy
 * one does until its answer arrives. Tasks queue
 * when every worker is busy. A worker that dies fails its task and is replaced.
 */
export class KernelPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: KernelTask; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  /** Tasks answered by a worker, and tasks that failed there (their callers fall back to the calling thread). */
  readonly counts = { done: 0, failed: 0, recycled: 0 };

  constructor(readonly size: number, private readonly recycleAfterBytes = recycleBudget(size)) {}

  run(task: KernelTask): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, pending: { resolve, reject } });
      this.pump();
    });
  }

  /**
   * Starts every worker and waits until each has answered once, so a long-lived host (the
   * workstation, a benchmark) does not pay the start-up inside its first job.
   */
  async warm(): Promise<void> {
    const g = { dims: [1, 1, 1] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const };
    const one = () => new Float32Array(new SharedArrayBuffer(4));
    await Promise.all(Array.from({ length: this.size }, () => this.run({ kind: 'resample', src: one(), srcGeometry: g, target: g, out: one(), options: { mode: 'nearest' } })));
  }

  /** Stops every worker (tests, shutdown); later tasks start fresh ones. */
  async close(): Promise<void> {
    const workers = this.slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const { task, pending } = this.queue.shift()!;
      slot.busy = true;
      slot.handed += sharedBytesOf(task);
      this.inFlight.set(slot.worker, pending);
      // A busy worker keeps the process alive until its answer arrives; an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(task);
    }
  }

  /** Takes an idle worker out of the pool and stops it (see RECYCLE_AFTER_BYTES). */
  private recycle(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    this.counts.recycled++;
    void slot.worker.terminate();
  }

  private spawn(): Slot {
    const worker = spawnKernelWorker();
    const slot: Slot = { worker, busy: false, handed: 0 };
    this.slots.push(slot);
    const settle = (error?: Error) => {
      const pending = this.inFlight.get(worker);
      this.inFlight.delete(worker);
      slot.busy = false;
      worker.unref();
      if (!error && slot.handed > this.recycleAfterBytes) this.recycle(slot);
      if (pending) {
        if (error) {
          this.counts.failed++;
          pending.reject(error);
        } else {
          this.counts.done++;
          pending.resolve();
        }
      }
      this.pump();
    };
    worker.on('message', (m: { ok: boolean; error?: string }) => settle(m.ok ? undefined : new Error(m.error ?? 'kernel failed')));
    const drop = (e: Error) => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      settle(e);
    };
    worker.on('error', drop);
    worker.on('exit', (code) => {
      if (this.inFlight.has(worker)) drop(new Error(`kernel worker exited with code ${code}`));
    });
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    return slot;
  }
}

/** Starts a kernel worker (dist/workers/kernels.js when built, the .ts from source). */
function spawnKernelWorker(): Worker {
  return spawnWorker('kernels', new URL('./kernels.worker.ts', import.meta.url), import.meta.url);
}

let shared: KernelPool | undefined;

/** The process-wide pool, one worker per core (at most 8), created on first use. */
export function kernelPool(): KernelPool {
  shared ??= new KernelPool(Math.max(1, Math.min(8, availableParallelism())));
  return shared;
}
