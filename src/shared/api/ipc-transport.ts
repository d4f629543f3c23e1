import type { ApiTransport, PreloadBridge } from './transport';

/** The transport inside Electron: `createIpcTransport(window.lungts)`. */
export function createIpcTransport(bridge: PreloadBridge): ApiTransport {
  return {
    request: async (method, payload) => {
      try {
        return await bridge.call(method, payload);
      } catch (e) {
        return { ok: false, error: `IPC call ${method} failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    subscribe: (listener) => bridge.onEvent(listener),
  };
}
