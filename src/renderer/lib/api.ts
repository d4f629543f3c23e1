import {
  PRELOAD_GLOBAL, createApiClient, createHttpTransport, createIpcTransport, tokenFromHash, type ApiClient, type PreloadBridge,
} from '../../shared/api';

/**
 * The one API client of the renderer: through the Electron preload when it is there, otherwise
 * through the loopback bridge that served this page (its token arrives as `#token=...`).
 */
function connect(): { api: ApiClient; problem?: string } {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[PRELOAD_GLOBAL];
  if (bridge) return { api: createApiClient(createIpcTransport(bridge), reportInvalid) };
  const token = tokenFromHash(location.hash) ?? sessionStorage.getItem('lungts-token') ?? '';
  // Keep the token for reloads but take it out of the address bar (and of screenshots).
  if (token) {
    sessionStorage.setItem('lungts-token', token);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const api = createApiClient(
    createHttpTransport({
      baseUrl: location.origin,
      token,
      fetch: (url, init) => fetch(url, init),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    }),
    reportInvalid,
  );
  return token ? { api } : { api, problem: 'No session token: open the address that `npm run dev:web` printed (it ends in #token=...).' };
}

function reportInvalid(_raw: unknown, why: string): void {
  console.warn(`ignored an event that does not match the contract: ${why}`);
}

const connection = connect();
export const api: ApiClient = connection.api;
export const connectionProblem: string | undefined = connection.problem;
