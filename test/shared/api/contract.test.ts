import { describe, expect, it } from 'vitest';
import {
  API, API_METHODS, ApiEventSchema, createApiClient, decodeFrame, encodeFrame, parseReply, parseRequest,
  tokenFromHash, volumeFromMessage, type ApiTransport,
} from '../../../src/shared/api';

describe('api contract', () => {
  it('names exactly the methods the preload allows', () => {
    expect(Object.keys(API).sort()).toEqual([...API_METHODS].sort());
  });

  it('refuses malformed requests with a message naming the field', () => {
    const bad = parseRequest('cases.list', { limit: -3 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/cases\.list.*limit/);
    expect(parseRequest('cases.get', { seriesId: 1, extra: true }).ok).toBe(false);
    expect(parseRequest('annotations.saveBoxes', {
      seriesId: 1, author: 'n', source: 'manual', boxes: [{ k: 0, i0: 5, j0: 0, i1: 4, j1: 1, label: 'A', tumor: 0 }],
    }).ok).toBe(false);
    expect(parseRequest('annotations.saveMask', { meta: { seriesId: 1, author: 'n', source: 'manual' }, bytes: [1, 2] }).ok).toBe(false);
    const good = parseRequest('annotations.saveMask', { meta: { seriesId: 1, author: 'n', source: 'manual' }, bytes: new Uint8Array(4) });
    expect(good.ok).toBe(true);
  });

  it('applies defaults from the contract', () => {
    const r = parseRequest('jobs.start', { kind: 'import', input: { paths: ['/x'] } });
    expect(r.ok).toBe(true);
  });

  it('validates replies, including binary ones', () => {
    const meta = { seriesId: 1, geometry: { dims: [2, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, voxelType: 'int16', range: [-5, 7] };
    const bytes = new Uint8Array(new Int16Array([-5, 7]).buffer);
    const r = parseReply('volume.get', { ok: true, value: { meta, bytes } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = volumeFromMessage(r.value);
    expect(v.ok && Array.from(v.value.data)).toEqual([-5, 7]);
    expect(parseReply('volume.get', { ok: true, value: { meta: { ...meta, voxelType: 'float32' }, bytes } }).ok).toBe(false);
    const f = parseReply('cases.get', { ok: false, error: 'no case 9' });
    expect(f).toEqual({ ok: false, error: 'no case 9' });
    expect(parseReply('cases.get', 'garbage').ok).toBe(false);
  });

  it('frames binary payloads 8-byte aligned and escapes non-ASCII headers', () => {
    const payload = new Uint8Array([1, 2, 3, 4, 5]);
    const header = { meta: { name: 'Müller 患者' } };
    const frame = encodeFrame(header, payload);
    const d = decodeFrame(frame);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value.header).toEqual(header);
    expect(Array.from(d.value.payload)).toEqual([1, 2, 3, 4, 5]);
    expect(d.value.payload.byteOffset % 8).toBe(0);
    expect(decodeFrame(new Uint8Array([1, 2, 3])).ok).toBe(false);
    expect(decodeFrame(frame.subarray(0, 9)).ok).toBe(false);
  });

  it('client drops invalid events and passes valid ones', () => {
    let emit: (e: unknown) => void = () => undefined;
    const transport: ApiTransport = {
      request: async () => ({ ok: true, value: {} }),
      subscribe: (l) => { emit = l; return () => undefined; },
    };
    const bad: unknown[] = [];
    const client = createApiClient(transport, (raw) => bad.push(raw));
    const got: string[] = [];
    client.onEvent((e) => got.push(e.type));
    emit({ type: 'models-changed' });
    emit({ type: 'nonsense' });
    expect(got).toEqual(['models-changed']);
    expect(bad).toHaveLength(1);
    expect(ApiEventSchema.safeParse({ type: 'cases-changed', seriesIds: [1] }).success).toBe(true);
  });

  it('reads the bridge token from a URL fragment', () => {
    expect(tokenFromHash('#token=abc_DEF-1')).toBe('abc_DEF-1');
    expect(tokenFromHash('#x=1&token=zz')).toBe('zz');
    expect(tokenFromHash('')).toBeUndefined();
  });
});
