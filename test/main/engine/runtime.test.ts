import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src/main/engine/graph/builder';
import { encodeModel } from '../../../src/main/engine/onnx/model';
import { epCandidates, openSession } from '../../../src/main/engine/runtime/ep';
import { SessionCache } from '../../../src/main/engine/runtime/session-cache';
import { unwrap } from '../../../src/shared/result';

function tinyModel(k: number): Uint8Array {
  const g = new GraphBuilder();
  g.output('y', g.mul(g.input('x', [2]), g.scalar(k)), [2]);
  return encodeModel({ graph: g.graph('t'), producerVersion: 'test', metadata: {} });
}

const cudaLib = join(dirname(createRequire(__filename).resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');

describe('execution providers', () => {
  it('prefers the platform GPU provider for auto, always ending on CPU', () => {
    expect(epCandidates('auto', 'linux')).toEqual(['cuda', 'cpu']);
    expect(epCandidates('auto', 'win32')).toEqual(['dml', 'cpu']);
    expect(epCandidates('auto', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(epCandidates('cpu', 'linux')).toEqual(['cpu']);
    expect(epCandidates('cuda', 'win32')).toEqual(['cuda', 'cpu']);
  });

  it.skipIf(process.platform !== 'linux' || existsSync(cudaLib))('falls back to CPU when CUDA is not installed and says why', async () => {
    const r = unwrap(await openSession(tinyModel(2), { ep: 'cuda', threads: 1 }, 'test model'));
    expect(r.ep.used).toBe('cpu');
    expect(r.ep.requested).toBe('cuda');
    expect(r.ep.skipped[0]).toMatchObject({ ep: 'cuda', reason: expect.stringMatching(/npm run install:cuda/) });
    const out = await r.session.run({ x: new (await import('onnxruntime-node')).Tensor('float32', Float32Array.of(1, 2), [2]) });
    expect(Array.from(out.y?.data as Float32Array)).toEqual([2, 4]);
    await r.session.release();
  });

  it.skipIf(process.platform === 'win32')('a provider this platform lacks is skipped with a reason', async () => {
    const r = unwrap(await openSession(tinyModel(3), { ep: 'dml', threads: 1 }, 'test model'));
    expect(r.ep.used).toBe('cpu');
    expect(r.ep.skipped[0]?.reason).toMatch(/no dml provider/);
    await r.session.release();
  });

  it('reports a model onnxruntime cannot load as a failure naming it', async () => {
    const r = await openSession(Uint8Array.from([1, 2, 3]), { ep: 'cpu' }, 'broken model');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^broken model: onnxruntime could not load the model/) });
  });
});

describe('session cache', () => {
  it('shares one session per key, evicts only idle ones beyond capacity', async () => {
    const cache = new SessionCache(1);
    let builds = 0;
    const build = (k: number) => () => {
      builds++;
      return tinyModel(k);
    };
    const a1 = unwrap(await cache.acquire('a', build(1), { ep: 'cpu', threads: 1 }, 'a'));
    const a2 = unwrap(await cache.acquire('a', build(1), { ep: 'cpu', threads: 1 }, 'a'));
    expect(a2.session).toBe(a1.session);
    expect(builds).toBe(1);
    // 'a' is leased: acquiring 'b' goes over capacity without evicting it.
    const b = unwrap(await cache.acquire('b', build(2), { ep: 'cpu', threads: 1 }, 'b'));
    expect(cache.size).toBe(2);
    a1.release();
    a2.release();
    expect(cache.size).toBe(1); // 'a' was idle and least recently used
    b.release();
    const b2 = unwrap(await cache.acquire('b', build(2), { ep: 'cpu', threads: 1 }, 'b'));
    expect(b2.session).toBe(b.session);
    expect(builds).toBe(2);
    b2.release();
    await cache.clearIdle();
    expect(cache.size).toBe(0);
  });
});
