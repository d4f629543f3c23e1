// The preload (built as CommonJS: dist/preload.cjs, run sandboxed). It exposes exactly the API
// contract on window.lungts: `call` for the methods the contract names (anything else is
// refused here, before IPC) and `onEvent`. Listeners get the event payload only, never
// Electron's event object (which would leak ipcRenderer to the page). `pathForFile` turns a
// dropped File into its path (webUtils), the one thing a page cannot learn for itself.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, PRELOAD_GLOBAL, isApiMethod } from '../../shared/api/methods';
import type { PreloadBridge } from '../../shared/api/transport';

const bridge: PreloadBridge = {
  call(method, payload) {
    if (!isApiMethod(method)) return Promise.resolve({ ok: false, error: `unknown method ${JSON.stringify(String(method)).slice(0, 80)}` });
    return ipcRenderer.invoke(IPC_CALL_CHANNEL, method, payload) as Promise<unknown>;
  },
  onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, bridge);
