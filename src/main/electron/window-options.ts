import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The app's own scheme: the renderer is served from here, never from file:// or the network. */
export const APP_SCHEME = 'lungts';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The renderer's security settings (Electron's security checklist): isolated context,
 * sandboxed, no Node anywhere (main frame, workers, sub-frames), web security on, no insecure
 * content, no <webview>, no experimental or extra Blink features, no navigation by drag-and-drop.
 */
export const SECURE_WEB_PREFERENCES: Readonly<WebPreferences> = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
  devTools: true,
});

export function mainWindowOptions(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1600,
    height: 1000,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#111418',
    title: 'LungTS Workstation',
    webPreferences: { ...SECURE_WEB_PREFERENCES, devTools, preload: preloadPath },
  };
}
