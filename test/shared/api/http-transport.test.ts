import { describe, expect, it } from 'vitest';
import { FRAME_CONTENT_TYPE, createApiClient, createHttpTransport, decodeFrame, encodeFrame, type FetchFn, type FetchInit, type FetchResponse } from '../../../src/shared/api';

function response(status: number, type: string, body: Uint8Array | string): FetchResponse {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return {
    ok: status < 400,
    status,
    headers: { get: (n: string) => (n === 'content-type' ? type : null) },
    text: async () => new TextDecoder().decode(bytes),
    arrayBuffer: async () => bytes.slice().buffer,
    body: null,
  };
}

describe('HTTP transport (pure, with an injected fetch)', () => {
  it('posts JSON with the token, frames binary uploads and decodes binary replies', async () => {
    const sent: { url: string; init: FetchInit }[] = [];
    const meta = { seriesId: 1, geometry: { dims: [2, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, voxelType: 'int16', range: [1, 2] };
    const fetch: FetchFn = async (url, init) => {
      sent.push({ url, init });
      if (url.endsWith('volume.get')) return response(200, FRAME_CONTENT_TYPE, encodeFrame({ meta }, new Uint8Array(new Int16Array([1, 2]).buffer)));
      if (url.endsWith('cases.get')) return response(400, 'application/json', '{"ok":false,"error":"invalid request to cases.get: seriesId: expected number"}');
      if (url.endsWith('models.list')) return response(502, 'text/html', '<h1>bad gateway</h1>');
      if (url.endsWith('jobs.list')) throw new Error('ECONNREFUSED');
      return response(200, 'application/json', '{"ok":true,"value":{"removed":true}}');
    };
    const api = createApiClient(createHttpTransport({ baseUrl: 'http://127.0.0.1:9/', token: 'tok', fetch, sleep: async () => undefined }));

    expect(await api.call('cases.remove', { seriesId: 3 })).toEqual({ ok: true, value: { removed: true } });
    expect(sent[0]).toMatchObject({ url: 'http://127.0.0.1:9/api/cases.remove', init: { method: 'POST', headers: { 'x-lungts-token': 'tok', 'content-type': 'application/json' }, body: '{"seriesId":3}' } });

    const vol = await api.call('volume.get', { seriesId: 1 });
    expect(vol.ok && Array.from(new Int16Array(vol.value.bytes.buffer, vol.value.bytes.byteOffset, 2))).toEqual([1, 2]);

    await api.call('annotations.saveMask', { meta: { seriesId: 1, author: 'a', source: 'manual' }, bytes: new Uint8Array([0, 1, 1]) });
    const upload = sent.at(-1)!;
    expect(upload.init.headers['content-type']).toBe(FRAME_CONTENT_TYPE);
    const frame = decodeFrame(upload.init.body as Uint8Array);
    expect(frame.ok && Array.from(frame.value.payload)).toEqual([0, 1, 1]);

    expect(await api.call('cases.get', { seriesId: 1 })).toEqual({ ok: false, error: 'invalid request to cases.get: seriesId: expected number' });
    const gateway = await api.call('models.list', {});
    expect(gateway.ok ? '' : gateway.error).toMatch(/HTTP 502/);
    const down = await api.call('jobs.list', {});
    expect(down.ok ? '' : down.error).toMatch(/cannot reach LungTS at http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
  });

  it('reads server-sent events split across chunks and reconnects after the stream ends', async () => {
    let connections = 0;
    const chunks = ['data: {"type":"models-', 'changed"}\n\n: ping\n\ndata: {"type":"datasets-changed"}\n', '\n'];
    const fetch: FetchFn = async () => {
      connections++;
      let i = 0;
      const enc = new TextEncoder();
      return {
        ...response(200, 'text/event-stream', ''),
        body: {
          getReader: () => ({
            read: async () => (i < chunks.length ? { done: false, value: enc.encode(chunks[i++]!) } : { done: true }),
            cancel: async () => undefined,
          }),
        },
      };
    };
    const got: string[] = [];
    let resolveTwo: () => void = () => undefined;
    const two = new Promise<void>((r) => (resolveTwo = r));
    const api = createApiClient(createHttpTransport({ baseUrl: 'http://x', token: 't', fetch, sleep: async () => { if (connections >= 2) resolveTwo(); } }));
    const stop = api.onEvent((e) => got.push(e.type));
    await two;
    stop();
    expect(got.slice(0, 2)).toEqual(['models-changed', 'datasets-changed']);
    expect(connections).toBeGreaterThanOrEqual(2);
  });
});
