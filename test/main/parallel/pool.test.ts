import { afterAll, describe, expect, it } from 'vitest';
import { KernelPool, recycleBudget, sharedBytesOf } from '../../../src/main/parallel/pool';
import type { KernelTask } from '../../../src/main/parallel/tasks';
import { sharedVoxels } from '../../../src/main/parallel/shared-memory';
import { blockAverageLps } from '../../../src/main/parallel/kernels';
import { unwrap } from '../../../src/shared/result';
import { createVolume } from '../../../src/shared/volume/volume';

const pool = new KernelPool(2);
afterAll(() => pool.close());

const grid = (n: number) => ({ dims: [n, n, n] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const });

function resampleTask(n: number, k: number): KernelTask & { kind: 'resample' } {
  const src = sharedVoxels('float32', n ** 3) as Float32Array;
  src.forEach((_, q) => (src[q] = q % 97));
  return { kind: 'resample', src, srcGeometry: grid(n), target: grid(n), out: sharedVoxels('float32', n ** 3), options: { mode: 'nearest', kStart: k, kEnd: k + 1 } };
}

/** Sum of the 3x3 in-plane block at slice offset `base` that an RAS file stores last in each row (LPS first). */
function sumBlock(data: Int16Array, n: number, base: number): number {
  let s = 0;
  for (let j = 1; j <= 3; j++) for (let i = 1; i <= 3; i++) s += data[base + (n - i) + n * (n - j)]!;
  return s;
}

describe('KernelPool', () => {
  it('runs more tasks than workers (they queue) and writes into shared memory', async () => {
    const tasks = Array.from({ length: 7 }, (_, k) => resampleTask(8, k));
    await Promise.all(tasks.map((t) => pool.run(t)));
    for (const [k, t] of tasks.entries()) {
      const slab = t.out.subarray(k * 64, (k + 1) * 64);
      expect(Array.from(slab)).toEqual(Array.from(t.src.subarray(k * 64, (k + 1) * 64)));
    }
    expect(pool.counts.done).toBe(7);
  });

  it('reports a kernel error as a rejected task and keeps serving', async () => {
    const bad = { ...resampleTask(4, 0), srcGeometry: { ...grid(4), direction: [0, 0, 0, 0, 0, 0, 0, 0, 0] } } as unknown as KernelTask;
    await expect(pool.run(bad)).rejects.toThrow(/singular/);
    const good = resampleTask(4, 1);
    await pool.run(good);
    expect(good.out[16]).toBe(good.src[16]);
  });

  it('warm() starts every worker', async () => {
    const fresh = new KernelPool(2);
    await fresh.warm();
    expect(fresh.counts.done).toBe(2);
    await fresh.close();
  });

  it('the LPS block average is the same on workers and on the calling thread', async () => {
    const n = 130;
    const v = unwrap(createVolume({ dims: [n, n, n], spacing: [0.7, 0.7, 1], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] }, new Int16Array(n ** 3).map((_, q) => (q * 31) % 2001 - 1000)));
    const a = await blockAverageLps(v, [3, 3, 2], { threads: 'main' });
    const b = await blockAverageLps(v, [3, 3, 2]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    // Block (0,0,0) of the LPS view: the last three columns and rows of the RAS file, slices 0 and 1.
    expect(a.data[0]).toBeCloseTo((sumBlock(v.data, n, 0) + sumBlock(v.data, n, n * n)) / 18, 3);
  });

  it('counts each shared buffer a task hands over once', () => {
    const t = resampleTask(8, 0);
    expect(sharedBytesOf(t)).toBe(2 * 8 ** 3 * 4);
    expect(sharedBytesOf({ ...t, out: t.src })).toBe(8 ** 3 * 4);
    expect(sharedBytesOf({ ...t, src: new Float32Array(8 ** 3), out: new Float32Array(8 ** 3) })).toBe(0);
  });

  it('shares the 2 GB recycling budget among the workers, at least 256 MB each', () => {
    expect(recycleBudget(1)).toBe(2 * 2 ** 30);
    expect(recycleBudget(2)).toBe(2 ** 30);
    expect(recycleBudget(8)).toBe(2 ** 28);
    expect(recycleBudget(16)).toBe(2 ** 28);
  });

  it('stops a worker once it has been handed more shared memory than its budget, and keeps serving', async () => {
    // Each task hands 2 x 2 KB: with a 3 KB budget every worker is stopped after its first task.
    const small = new KernelPool(2, 3 * 1024);
    const tasks = Array.from({ length: 6 }, (_, k) => resampleTask(8, k));
    await Promise.all(tasks.map((t) => small.run(t)));
    for (const [k, t] of tasks.entries()) {
      expect(Array.from(t.out.subarray(k * 64, (k + 1) * 64))).toEqual(Array.from(t.src.subarray(k * 64, (k + 1) * 64)));
    }
    expect(small.counts).toEqual({ done: 6, failed: 0, recycled: 6 });
    await small.close();
  });
});
