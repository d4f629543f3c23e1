import type * as ort from 'onnxruntime-node';
import { ok, type Result } from '../../../shared/result';
import { openSession, type EpReport, type RuntimeOptions } from './ep';

/**
 * Sessions are expensive to create (graph optimisation) and hold their working memory, so they
 * are shared per key (spec architecture, graph kind, patch shape, options) and kept in a small
 * LRU. A lease pins a session; only unleased sessions are evicted and released, so a trainer
 * holding its step session never finds it gone.
 */
export interface SessionLease {
  readonly session: ort.InferenceSession;
  readonly ep: EpReport;
  release(): void;
}

interface Entry {
  readonly key: string;
  readonly opening: Promise<Result<{ session: ort.InferenceSession; ep: EpReport }>>;
  leases: number;
  lastUsed: number;
}

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(private readonly capacity: number) {}

  async acquire(key: string, build: () => Uint8Array, opts: RuntimeOptions, what: string): Promise<Result<SessionLease>> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, opening: openSession(build(), opts, what), leases: 0, lastUsed: 0 };
      this.entries.set(key, entry);
    }
    entry.leases++;
    entry.lastUsed = ++this.clock;
    const opened = await entry.opening;
    if (!opened.ok) {
      this.entries.delete(key);
      return opened;
    }
    const e = entry;
    let released = false;
    this.evict();
    return ok({
      session: opened.value.session,
      ep: opened.value.ep,
      release: () => {
        if (released) return;
        released = true;
        e.leases--;
        e.lastUsed = ++this.clock;
        this.evict();
      },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const idle = [...this.entries.values()].filter((e) => e.leases === 0).sort((a, b) => a.lastUsed - b.lastUsed);
      const victim = idle[0];
      if (!victim) return;
      this.entries.delete(victim.key);
      void victim.opening.then((r) => (r.ok ? r.value.session.release() : undefined));
    }
  }

  /** Releases every idle session (e.g. before a memory-hungry job). */
  async clearIdle(): Promise<void> {
    for (const e of [...this.entries.values()]) {
      if (e.leases > 0) continue;
      this.entries.delete(e.key);
      const r = await e.opening;
      if (r.ok) await r.value.session.release();
    }
  }
}

/** The process-wide cache used by trainers and predictors unless given their own. */
export const sharedSessions = new SessionCache(6);
