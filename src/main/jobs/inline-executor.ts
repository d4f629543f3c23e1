import { fail } from '../../shared/result';
import type { BlobStore } from '../db/blobs';
import type { Db } from '../db/connection';
import { createJobContext } from './context';
import type { JobExecutor } from './executor';
import type { JobKind } from './kind';

/**
 * Runs jobs in this process. For the CLI and tests; the app uses the fork executor so that
 * heavy work cannot freeze or crash the process that serves the interface.
 */
export function createInlineExecutor(db: Db, blobs: BlobStore, dataDir: string, kinds: ReadonlyMap<string, JobKind>): JobExecutor {
  return {
    async execute(req, hooks, signal) {
      const kind = kinds.get(req.kind);
      if (!kind) return fail(`job kind "${req.kind}" is not available in this build`);
      const ctx = createJobContext(req.jobId, db, blobs, dataDir, req.compute, hooks);
      try {
        return await kind.run(req.input, hooks.onProgress, signal, ctx);
      } catch (e) {
        return fail(`${req.kind} job failed with an internal error: ${(e as Error).message}`);
      }
    },
  };
}
