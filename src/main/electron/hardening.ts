import type { Session, WebContents } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from './window-options';

/** True for URLs of the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}

/** Schemes a page may load anything from: the app itself, and inline data/blob it makes. */
const ALLOWED_REQUEST = /^(lungts:\/\/app\/|data:|blob:|devtools:)/;

/**
 * Session-wide rules: every permission request (camera, notifications, geolocation...) is
 * denied, and any request to another scheme or host (http, https, file, ftp...) is cancelled,
 * so no remote content can load even if a page tried.
 */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !ALLOWED_REQUEST.test(details.url) }));
}

/**
 * Per-window rules: no navigation away from the app, no new windows (an external link could
 * be opened in the system browser by the renderer asking main; nothing here opens one), no
 * <webview> attached.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export { APP_ORIGIN };
