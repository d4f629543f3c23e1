import type { MethodKind } from './contract';
import type { ApiMethod } from './methods';

/**
 * How a client reaches main. Two implementations: IPC through the Electron preload
 * (ipc-transport.ts) and HTTP through the loopback bridge (http-transport.ts). Both resolve
 * `request` to the wire envelope `{ ok, value | error }` (binary replies as
 * `{ ok: true, value: { meta, bytes } }`) and never reject for a refused request; the client
 * validates everything they return.
 */
export interface ApiTransport {
  request(method: ApiMethod, payload: unknown, kind: MethodKind): Promise<unknown>;
  /** Delivers raw events until the returned function is called. */
  subscribe(listener: (event: unknown) => void): () => void;
}

/**
 * Exactly what the Electron preload exposes as `window.lungts` (see methods.ts PRELOAD_GLOBAL).
 * `call` refuses any method not in API_METHODS before it reaches IPC.
 */
export interface PreloadBridge {
  call(method: string, payload: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
  /**
   * The file-system path of a file the user dropped on the window ('' when it has none). Pages
   * cannot see paths; only Electron's preload can, so drag-and-drop import exists only there.
   * Typed loosely because src/shared sees no DOM `File` type.
   */
  pathForFile(file: unknown): string;
}
