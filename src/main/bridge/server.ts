import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { API_PATH, EVENTS_PATH, FRAME_CONTENT_TYPE, TOKEN_HEADER, asciiJson, decodeFrame, encodeFrame, isApiMethod, methodKind, type ApiEvent, type WireReply } from '../../shared/api';
import type { Dispatch } from '../app/dispatch';
import { serveStatic } from './static-files';

export interface BridgeOptions {
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: (event: ApiEvent) => void) => () => void;
  /** The built renderer (dist/renderer); absent: API only. */
  readonly rendererDir?: string;
  /** 0 (default): a random free port. */
  readonly port?: number;
  /** Default: 32 random bytes, new each start. */
  readonly token?: string;
  /** Largest request body (a mask of a big CT is ~150 MB). */
  readonly maxBodyBytes?: number;
  readonly heartbeatMs?: number;
}

export interface Bridge {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly token: string;
  /** The page to open: origin + `/#token=...` (the fragment never reaches a server or a log). */
  readonly pageUrl: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, reply: WireReply): void {
  const body = Buffer.from(JSON.stringify(reply), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-length': body.length });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body exceeds the limit of ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The loopback bridge: the same handlers as Electron's IPC, over HTTP on 127.0.0.1 with a
 * per-session token, for development and browser tests. Requests are refused unless they name
 * this server as Host (defeats DNS rebinding), come from no other Origin or site, and carry
 * the token; payloads are validated by the contract before any handler runs.
 */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const limit = o.maxBodyBytes ?? 1024 * 1024 * 1024;
  const root = o.rendererDir ? resolve(o.rendererDir) : undefined;
  let port = 0;
  const streams = new Set<ServerResponse>();

  const check = (req: IncomingMessage): void => {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) throw new HttpError(403, `wrong Host header ${JSON.stringify(req.headers.host ?? '')}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) throw new HttpError(403, `requests from origin ${origin} are refused`);
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, `${site} requests are refused`);
    const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) throw new HttpError(401, 'missing or wrong session token');
  };

  const events = (res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = o.subscribe((e) => res.write(`data: ${asciiJson(e)}\n\n`));
    const beat = setInterval(() => res.write(': ping\n\n'), o.heartbeatMs ?? 15_000);
    res.on('close', () => {
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    });
  };

  const api = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    check(req);
    if (path === EVENTS_PATH) {
      if (req.method !== 'GET') throw new HttpError(405, 'events are read with GET');
      return events(res);
    }
    if (req.method !== 'POST') throw new HttpError(405, 'API requests are POST');
    const name = path.slice(API_PATH.length);
    if (!isApiMethod(name)) throw new HttpError(404, `unknown method ${JSON.stringify(name.slice(0, 80))}`);
    const body = await readBody(req, limit);
    const type = String(req.headers['content-type'] ?? '');
    let payload: unknown;
    if (type.startsWith(FRAME_CONTENT_TYPE)) {
      const frame = decodeFrame(body);
      if (!frame.ok) throw new HttpError(400, frame.error);
      payload = { meta: (frame.value.header as { meta?: unknown } | null)?.meta, bytes: frame.value.payload };
    } else if (type.startsWith('application/json')) {
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'the request body is not valid JSON');
      }
    } else {
      throw new HttpError(415, `unsupported content type ${JSON.stringify(type)}`);
    }
    const { reply, refused } = await o.dispatch(name, payload);
    if (reply.ok && methodKind(name) === 'binary-out') {
      const { meta, bytes } = reply.value as { meta: unknown; bytes: Uint8Array };
      const frame = encodeFrame({ meta }, bytes);
      res.writeHead(200, { 'content-type': FRAME_CONTENT_TYPE, 'content-length': frame.length, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(frame);
      return;
    }
    sendJson(res, refused ? 400 : 200, reply);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const work = path.startsWith(API_PATH) || path === EVENTS_PATH
      ? api(req, res, path)
      : (async () => {
          const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
          if (!hosts.includes(req.headers.host ?? '')) throw new HttpError(403, 'wrong Host header');
          if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET');
          if (!root) throw new HttpError(404, 'no renderer is served (build it with npm run build)');
          await serveStatic(root, path, res);
        })();
    work.catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (!(e instanceof HttpError)) console.error('bridge error:', e);
      if (!res.headersSent) sendJson(res, status, { ok: false, error: (e as Error).message });
      else res.destroy();
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((ok, bad) => {
    server.once('error', bad);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    token,
    pageUrl: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((done) => {
        for (const s of streams) s.end();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
