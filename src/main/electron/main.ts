// The Electron main process: the only place that imports electron at run time. It opens the
// app core on the data folder under the user's app data, serves the renderer under
// lungts://app with a strict CSP, exposes the API contract through the preload, and keeps
// one instance per user.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../../shared/api/methods';
import { openApp, type App } from '../app/open';
import { detectExecutionProviders } from '../app/providers';
import { SettingsStore } from '../settings/store';
import { createPathPicker } from './dialogs';
import { hardenSession, hardenWebContents } from './hardening';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { APP_ENTRY_URL, mainWindowOptions } from './window-options';

const distDir = dirname(fileURLToPath(import.meta.url));
const devTools = !app.isPackaged || process.argv.includes('--devtools');
let window: BrowserWindow | undefined;
let core: App | undefined;

protocol.registerSchemesAsPrivileged([...APP_SCHEME_PRIVILEGES]);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(distDir, 'preload.cjs'), devTools));
  hardenWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

async function openCore(): Promise<App | undefined> {
  const userData = app.getPath('userData');
  const shipped = app.isPackaged ? join(process.resourcesPath, 'models') : join(distDir, '..', 'resources', 'models');
  const settingsPath = join(userData, 'settings.json');
  const dataDir = new SettingsStore(settingsPath).get().dataDir ?? join(userData, 'data');
  const opened = await openApp({
    dataDir,
    settingsPath,
    host: { host: 'electron', pickPaths: createPathPicker(dialog, () => window) },
    ...(existsSync(shipped) ? { shippedModelsDir: shipped } : {}),
    executionProviders: await detectExecutionProviders(),
  });
  if (!opened.ok) {
    dialog.showErrorBox('LungTS cannot start', opened.error);
    return undefined;
  }
  return opened.value;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
  app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    registerAppProtocol(protocol, join(distDir, 'renderer'));
    core = await openCore();
    if (!core) return app.quit();
    const c = core;
    registerIpc(ipcMain, c.dispatch, (id) => window?.webContents.id === id);
    c.core.events.subscribe((e) => window?.webContents.send(IPC_EVENT_CHANNEL, e));
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate((command) => c.core.events.emit({ type: 'menu', command }), process.platform === 'darwin', devTools)),
    );
    window = createWindow();
    window.on('closed', () => (window = undefined));
    for (const n of c.notices) console.warn(`LungTS: ${n}`);
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !core) return;
    // Cancel running jobs and close the database before exiting, so nothing is left half-written.
    event.preventDefault();
    closing = true;
    void core.close().finally(() => app.quit());
  });
}

