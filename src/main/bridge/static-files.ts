import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../app/security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The renderer file a URL path names, or undefined. The path is decoded and normalised and
 * must stay inside the folder (no `..`); only regular files count. Used by the bridge and by
 * the Electron app's protocol handler.
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/** Serves the built renderer read-only; anything not a file inside it is 404. */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const file = await resolveStaticFile(root, urlPath);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('not found');
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(body);
}
