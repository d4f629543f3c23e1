import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { SECURITY_HEADERS } from '../app/security';
import { contentTypeOf, resolveStaticFile } from '../bridge/static-files';
import { APP_SCHEME } from './window-options';

/** Must run before the app is ready: the scheme behaves like https (secure, standard origin). */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
] as const;

/**
 * Serves the built renderer under lungts://app/ with the app's Content Security Policy on
 * every response, instead of file:// (which would give pages access to the whole disk's URLs).
 */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? await resolveStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain', ...SECURITY_HEADERS } });
    return new Response(await readFile(file), { headers: { 'content-type': contentTypeOf(file), ...SECURITY_HEADERS } });
  });
}
