import type { z } from 'zod';
import { fail, ok, type Result } from '../result';
import { API, type ApiOutput, type ApiParsedInput, type BinaryMessage, type MethodKind } from './contract';
import { isApiMethod, type ApiMethod } from './methods';

/**
 * The wire envelope of every reply on either transport: the handler's Result. A refused or
 * crashed request also arrives as `{ ok: false, error }`, so callers handle one shape.
 */
export type WireReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** True for a Uint8Array from any realm (Electron's context bridge copies across realms). */
export function isUint8Array(x: unknown): x is Uint8Array {
  return Object.prototype.toString.call(x) === '[object Uint8Array]';
}

/** "field.sub: message; ..." for a zod error, short enough for a status line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): Result<z.output<T>> {
  const r = schema.safeParse(value);
  return r.success ? ok(r.data) : fail(`${what}: ${describeIssues(r.error)}`);
}

function parseBinary<T extends z.ZodType>(schema: T, value: unknown, what: string): Result<BinaryMessage<z.output<T>>> {
  if (typeof value !== 'object' || value === null) return fail(`${what}: expected { meta, bytes }`);
  const { meta, bytes } = value as { meta?: unknown; bytes?: unknown };
  if (!isUint8Array(bytes)) return fail(`${what}: bytes must be a Uint8Array`);
  const m = parseWith(schema, meta, what);
  return m.ok ? ok({ meta: m.value, bytes }) : m;
}

export function methodKind(method: ApiMethod): MethodKind {
  return API[method].kind;
}

/** Main's check of a request from either transport; the message says what is wrong with it. */
export function parseRequest<M extends ApiMethod>(method: M, payload: unknown): Result<ApiParsedInput<M>> {
  const def = API[method];
  const what = `invalid request to ${method}`;
  const r = def.kind === 'binary-in' ? parseBinary(def.input, payload, what) : parseWith(def.input, payload, what);
  return r as Result<ApiParsedInput<M>>;
}

/** Checks a name from the wire before anything else. */
export function parseMethod(name: unknown): Result<ApiMethod> {
  return isApiMethod(name) ? ok(name) : fail(`unknown method ${JSON.stringify(String(name)).slice(0, 80)}`);
}

/** The client's check of a reply (main may be a different build than the renderer). */
export function parseReply<M extends ApiMethod>(method: M, reply: unknown): Result<ApiOutput<M>> {
  if (typeof reply !== 'object' || reply === null || typeof (reply as { ok?: unknown }).ok !== 'boolean') {
    return fail(`malformed reply from ${method}`);
  }
  const r = reply as { ok: boolean; value?: unknown; error?: unknown };
  if (!r.ok) return fail(typeof r.error === 'string' ? r.error : `${method} failed`);
  const def = API[method];
  const what = `unexpected reply from ${method}`;
  const out = def.kind === 'binary-out' ? parseBinary(def.output, r.value, what) : parseWith(def.output, r.value, what);
  return out as Result<ApiOutput<M>>;
}
