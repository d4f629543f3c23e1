import { FRAME_CONTENT_TYPE, bytesToAscii, decodeFrame, encodeFrame } from './frame';
import type { ApiTransport } from './transport';

/**
 * The subset of `fetch` the HTTP transport needs, declared here because src/shared sees no DOM
 * or Node typings. The browser's and Node's `fetch` both satisfy it: pass
 * `(url, init) => fetch(url, init)`.
 */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}
export interface FetchReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}
export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  readonly body: { getReader(): FetchReader } | null;
}
export type FetchFn = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** The header carrying the bridge's per-session token. */
export const TOKEN_HEADER = 'x-lungts-token';
export const API_PATH = '/api/';
export const EVENTS_PATH = '/api/events';

export interface HttpTransportOptions {
  /** e.g. `location.origin` in the browser, or `http://127.0.0.1:<port>` in tests. */
  readonly baseUrl: string;
  /** The session token the bridge printed (the page gets it as `#token=...`). */
  readonly token: string;
  readonly fetch: FetchFn;
  /** Waits before the event stream reconnects, e.g. `(ms) => new Promise((r) => setTimeout(r, ms))`. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly reconnectMs?: number;
}

/** Reads the bridge token from a URL fragment such as `#token=abc` (what `npm run dev:web` prints). */
export function tokenFromHash(hash: string): string | undefined {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash);
  return m?.[1];
}

function failure(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

async function readReply(res: FetchResponse): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (res.ok && type.startsWith(FRAME_CONTENT_TYPE)) {
    const frame = decodeFrame(new Uint8Array(await res.arrayBuffer()));
    if (!frame.ok) return failure(frame.error);
    const header = frame.value.header as { meta?: unknown };
    return { ok: true, value: { meta: header.meta, bytes: frame.value.payload } };
  }
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return failure(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
}

/** The transport for a plain browser (and Node tests) talking to the loopback bridge. */
export function createHttpTransport(options: HttpTransportOptions): ApiTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const auth = { [TOKEN_HEADER]: options.token };
  const listeners = new Set<(event: unknown) => void>();
  let reader: FetchReader | undefined;
  let running = false;

  async function pump(): Promise<void> {
    running = true;
    while (listeners.size > 0) {
      try {
        const res = await options.fetch(base + EVENTS_PATH, { method: 'GET', headers: { ...auth, accept: 'text/event-stream' } });
        if (res.ok && res.body) {
          reader = res.body.getReader();
          await readEvents(reader, (data) => listeners.forEach((l) => l(data)));
        }
      } catch {
        // The bridge went away or restarted: retry below while anyone listens.
      }
      reader = undefined;
      if (listeners.size > 0) await options.sleep(options.reconnectMs ?? 1000);
    }
    running = false;
  }

  return {
    async request(method, payload, kind) {
      let body: string | Uint8Array<ArrayBuffer>;
      let contentType: string;
      if (kind === 'binary-in') {
        const p = payload as { meta?: unknown; bytes?: unknown };
        if (!(p?.bytes instanceof Uint8Array)) return failure(`${method}: bytes must be a Uint8Array`);
        body = encodeFrame({ meta: p.meta }, p.bytes);
        contentType = FRAME_CONTENT_TYPE;
      } else {
        body = JSON.stringify(payload ?? {});
        contentType = 'application/json';
      }
      try {
        const res = await options.fetch(base + API_PATH + method, { method: 'POST', headers: { ...auth, 'content-type': contentType }, body });
        return await readReply(res);
      } catch (e) {
        return failure(`cannot reach LungTS at ${base}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!running) void pump();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) void reader?.cancel().catch(() => undefined);
      };
    },
  };
}

/** Server-sent events: blocks separated by a blank line, payload on `data:` lines (ASCII JSON). */
async function readEvents(reader: FetchReader, emit: (data: unknown) => void): Promise<void> {
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (value) buffer += bytesToAscii(value);
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      try {
        emit(JSON.parse(data));
      } catch {
        // A malformed event is dropped; the client validates whatever it passes on.
      }
    }
  }
}
