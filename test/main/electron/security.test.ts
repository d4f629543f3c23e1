import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, PRELOAD_GLOBAL } from '../../../src/shared/api/methods';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../src/main/app/security';
import type { Dispatch } from '../../../src/main/app/dispatch';
import { hardenSession, hardenWebContents, isAppUrl } from '../../../src/main/electron/hardening';
import { registerIpc } from '../../../src/main/electron/ipc';
import { menuTemplate } from '../../../src/main/electron/menu';
import { APP_ENTRY_URL, mainWindowOptions } from '../../../src/main/electron/window-options';
import { tempDir } from '../../helpers/tmp';

const ROOT = resolve(__dirname, '../../..');

/** A stand-in for the electron module that records what the preload does with it. */
function fakeElectron() {
  const exposed: { name: string; api: Record<string, unknown> }[] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
  return {
    exposed,
    invoked,
    listeners,
    module: {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push({ name, api }) },
      webUtils: {
        getPathForFile: (f: unknown) => {
          if (!f || typeof f !== 'object' || !('fakePath' in f)) throw new TypeError('not a File');
          return String((f as { fakePath: string }).fakePath);
        },
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: 'served' });
        },
        on: (ch: string, l: (...a: unknown[]) => void) => listeners.set(ch, [...(listeners.get(ch) ?? []), l]),
        removeListener: (ch: string, l: (...a: unknown[]) => void) => listeners.set(ch, (listeners.get(ch) ?? []).filter((x) => x !== l)),
      },
    },
  };
}

describe('Electron window security', () => {
  it('creates the window isolated, sandboxed, without Node, with web security and a preload', () => {
    const o = mainWindowOptions('/app/dist/preload.cjs', false);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, navigateOnDragDrop: false,
      devTools: false, preload: '/app/dist/preload.cjs',
    });
    expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(o.webPreferences).not.toHaveProperty('additionalArguments');
    expect(APP_ENTRY_URL).toBe('lungts://app/index.html');
  });

  it('serves the renderer under a strict Content Security Policy', () => {
    const csp = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(csp['default-src']).toBe("'self'");
    expect(csp['script-src']).toBe("'self'");
    expect(csp['connect-src']).toBe("'self'");
    expect(csp['object-src']).toBe("'none'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['base-uri']).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(SECURITY_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('denies navigation away from the app, new windows, webviews and every permission, and blocks remote requests', () => {
    const handlers = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    hardenWebContents({
      on: ((ch: string, h: (e: { preventDefault: () => void }, url?: string) => void) => handlers.set(ch, h)) as never,
      setWindowOpenHandler: ((h: () => { action: string }) => (openHandler = h)) as never,
    });
    const prevented = (ch: string, url?: string) => {
      let p = false;
      handlers.get(ch)!({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'lungts://app/index.html#/case/1')).toBe(false);
    expect(prevented('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });

    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let request: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: ((h: typeof permission) => (permission = h)) as never,
      setPermissionCheckHandler: ((h: typeof check) => (check = h)) as never,
      webRequest: { onBeforeRequest: ((h: typeof request) => (request = h)) as never } as never,
    });
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal']) {
      let granted: boolean | undefined;
      permission!(null, p, (ok) => (granted = ok));
      expect(granted).toBe(false);
    }
    expect(check!()).toBe(false);
    const cancelled = (url: string) => {
      let c: boolean | undefined;
      request!({ url }, (r) => (c = r.cancel));
      return c;
    };
    expect(cancelled('https://cdn.example/x.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('lungts://app/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(isAppUrl('lungts://evil/index.html')).toBe(false);
  });

  it('answers IPC only from the app window at an app URL, through the contract', async () => {
    let handler: ((event: unknown, method: unknown, payload: unknown) => Promise<unknown>) | undefined;
    const dispatched: unknown[] = [];
    const dispatch: Dispatch = async (m, p) => {
      dispatched.push([m, p]);
      return { reply: { ok: true, value: 'ok' }, refused: false };
    };
    registerIpc({ handle: ((ch: string, h: typeof handler) => { expect(ch).toBe(IPC_CALL_CHANNEL); handler = h; }) as never }, dispatch, (id) => id === 7);
    const ev = (id: number, url: string, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } });
    expect(await handler!(ev(7, 'lungts://app/index.html'), 'cases.list', {})).toEqual({ ok: true, value: 'ok' });
    expect(await handler!(ev(8, 'lungts://app/index.html'), 'cases.list', {})).toMatchObject({ ok: false });
    expect(await handler!(ev(7, 'https://evil.example/'), 'cases.list', {})).toMatchObject({ ok: false });
    expect(await handler!(ev(7, 'lungts://app/index.html', {}), 'cases.list', {})).toMatchObject({ ok: false });
    expect(dispatched).toHaveLength(1);
  });

  it('has a menu with no update or network items, routing screen commands to the renderer', () => {
    const sent: string[] = [];
    const t = menuTemplate((c) => sent.push(c), false, false);
    const items = t.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    expect(JSON.stringify(t)).not.toMatch(/update|toggleDevTools/i);
    items.find((i) => i.label === 'Import Folder…')!.click!(undefined as never, undefined, undefined as never);
    expect(sent).toEqual(['import-folder']);
  });
});

describe('Electron preload', () => {
  it('exposes exactly call, onEvent and pathForFile, refusing methods outside the contract', async () => {
    const fake = fakeElectron();
    vi.doMock('electron', () => fake.module);
    await import('../../../src/main/electron/preload');
    vi.doUnmock('electron');
    expect(fake.exposed.map((e) => e.name)).toEqual([PRELOAD_GLOBAL]);
    const api = fake.exposed[0]!.api as {
      call: (m: string, p: unknown) => Promise<unknown>;
      onEvent: (l: (e: unknown) => void) => () => void;
      pathForFile: (f: unknown) => string;
    };
    expect(Object.keys(api).sort()).toEqual(['call', 'onEvent', 'pathForFile']);
    expect(api.pathForFile({ fakePath: '/data/ct/1.dcm' })).toBe('/data/ct/1.dcm');
    expect(api.pathForFile('not a file')).toBe('');
    expect(await api.call('cases.list', { limit: 1 })).toEqual({ ok: true, value: 'served' });
    expect(fake.invoked).toEqual([[IPC_CALL_CHANNEL, 'cases.list', { limit: 1 }]]);
    expect(await api.call('fs.readFile', '/etc/passwd')).toMatchObject({ ok: false });
    expect(await api.call('__proto__', {})).toMatchObject({ ok: false });
    expect(fake.invoked).toHaveLength(1);
    for (const m of API_METHODS) await api.call(m, {});
    expect(fake.invoked).toHaveLength(1 + API_METHODS.length);

    const got: unknown[] = [];
    const stop = api.onEvent((e) => got.push(e));
    const [listener] = fake.listeners.get(IPC_EVENT_CHANNEL)!;
    listener!({ sender: 'ipcRenderer internals' }, { type: 'models-changed' });
    expect(got).toEqual([{ type: 'models-changed' }]); // the payload only, never Electron's event
    stop();
    expect(fake.listeners.get(IPC_EVENT_CHANNEL)).toEqual([]);
  });

  it('builds to a CommonJS bundle that needs nothing but electron (sandboxed preloads cannot load packages)', async () => {
    const out = join(tempDir(), 'preload.cjs');
    await build({ entryPoints: [join(ROOT, 'src/main/electron/preload.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], outfile: out, logLevel: 'error' });
    const fake = fakeElectron();
    const required: string[] = [];
    runInNewContext(readFileSync(out, 'utf8'), {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`preload requires ${name}`);
        return fake.module;
      },
      module: { exports: {} },
      exports: {},
    });
    expect(required).toEqual(['electron']);
    expect(fake.exposed.map((e) => e.name)).toEqual([PRELOAD_GLOBAL]);
  });
});

