import type { Result } from './result';

/** What a long-running job tells its caller; fraction runs from 0 to 1 within the whole job. */
export interface Progress {
  readonly stage: string;
  readonly fraction: number;
  readonly message: string;
}

export type ProgressSink = (progress: Progress) => void;

/**
 * The part of the platform's AbortSignal that jobs use. Declared here because src/shared sees
 * no DOM or Node typings; a real AbortSignal satisfies it.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Long work (import, inference, training) is a job: it reports progress, stops when its signal
 * aborts, and returns a value or an expected failure. Results are committed by the caller.
 */
export type JobRun<I, O> = (input: I, progress: ProgressSink, signal: CancelSignal) => Promise<Result<O>>;

export const ignoreProgress: ProgressSink = () => undefined;

/**
 * Maps a sub-step's 0..1 progress into [start, end] of the parent's range, so nested steps
 * can report without knowing where they sit in the whole job.
 */
export function subProgress(parent: ProgressSink, start: number, end: number): ProgressSink {
  return (p) => parent({ ...p, fraction: start + (end - start) * Math.min(1, Math.max(0, p.fraction)) });
}

/**
 * Passes at most one update per interval (plus every stage change and the final 1.0), so
 * a tight loop cannot flood an IPC channel or a terminal.
 */
export function throttleProgress(sink: ProgressSink, intervalMs: number, now: () => number = Date.now): ProgressSink {
  let last = -Infinity;
  let lastStage = '';
  return (p) => {
    const t = now();
    if (p.stage !== lastStage || p.fraction >= 1 || t - last >= intervalMs) {
      last = t;
      lastStage = p.stage;
      sink(p);
    }
  };
}

/** Message used when a job stops because its signal aborted. */
export const CANCELLED = 'cancelled';
