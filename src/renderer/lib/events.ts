import type { ApiEvent } from '../../shared/api';
import { api } from './api';

type Listener = (e: ApiEvent) => void;
const listeners = new Set<Listener>();
let unsubscribe: (() => void) | undefined;

/** One event stream for the whole page, fanned out to whoever listens. */
export function onApiEvent(listener: Listener): () => void {
  listeners.add(listener);
  unsubscribe ??= api.onEvent((e) => listeners.forEach((l) => l(e)));
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = undefined;
    }
  };
}
