/**
 * Expected failures (a bad file, a wrong modality, a missing slice) travel as values with a
 * message a user can act on; only programming errors throw.
 */
export type Failure = { readonly ok: false; readonly error: string };
export type Success<T> = { readonly ok: true; readonly value: T };
export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail(error: string): Failure {
  return { ok: false, error };
}

/** Unwraps a result where a failure would be a programming error (tests, invariants). */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Prefixes a failure's message with context (the file, the step) and passes success through. */
export function withContext<T>(result: Result<T>, context: string): Result<T> {
  return result.ok ? result : fail(`${context}: ${result.error}`);
}
