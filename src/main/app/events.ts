import type { ApiEvent } from '../../shared/api';

/** Fan-out of main -> renderer events to every connected window or browser. */
export class EventBus {
  private readonly listeners = new Set<(e: ApiEvent) => void>();

  subscribe(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (e) {
        // One broken subscriber (a closed window) must not stop the others.
        console.error('event listener failed:', e);
      }
    }
  }
}
