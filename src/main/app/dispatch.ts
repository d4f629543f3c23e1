import { parseMethod, parseRequest, type ApiMethod, type WireReply } from '../../shared/api';
import type { AppCore } from './core';
import { annotationHandlers } from './handlers/annotations';
import { appHandlers } from './handlers/app';
import { caseHandlers } from './handlers/cases';
import { exportHandlers } from './handlers/export';
import { jobHandlers } from './handlers/jobs';
import type { Handler, HandlerMap } from './handlers/types';
import { workHandlers } from './handlers/work';

/** Every contract method's handler; the type makes a missing one a compile error. */
export function createHandlers(app: AppCore): HandlerMap<ApiMethod> {
  return {
    ...appHandlers(app),
    ...caseHandlers(app),
    ...annotationHandlers(app),
    ...jobHandlers(app),
    ...workHandlers(app),
    ...exportHandlers(app),
  };
}

/** `refused`: the request itself was malformed (unknown method, invalid payload), not a handler failure. */
export interface Dispatched {
  readonly reply: WireReply;
  readonly refused: boolean;
}

export type Dispatch = (method: unknown, payload: unknown) => Promise<Dispatched>;

/**
 * The one entry both transports call: checks the method name and the payload against the
 * contract, runs the handler, and turns a thrown programming error into a failure reply (and
 * a log line) instead of a hung request.
 */
export function createDispatch(handlers: HandlerMap<ApiMethod>, log: (message: string) => void = console.error): Dispatch {
  return async (rawMethod, payload) => {
    const method = parseMethod(rawMethod);
    if (!method.ok) return { reply: method, refused: true };
    const input = parseRequest(method.value, payload);
    if (!input.ok) return { reply: input, refused: true };
    try {
      const handler = handlers[method.value] as Handler<ApiMethod>;
      const r = await handler(input.value as never);
      return { reply: r.ok ? { ok: true, value: r.value } : r, refused: false };
    } catch (e) {
      log(`internal error in ${method.value}: ${(e as Error).stack ?? String(e)}`);
      return { reply: { ok: false, error: `internal error in ${method.value}: ${(e as Error).message}` }, refused: false };
    }
  };
}
