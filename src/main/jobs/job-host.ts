// The worker process that runs one job (see fork-executor.ts). It opens its own connection to
// the data folder's database, runs the kind, reports over IPC and exits. If the parent goes
// away, it stops too: an orphaned job must not keep writing.
import { fail, type Result } from '../../shared/result';
import { BlobStore } from '../db/blobs';
import { openDatabase } from '../db/connection';
import { dataPaths } from '../db/paths';
import { createJobContext } from './context';
import type { HostCommand, HostReport } from './protocol';
import { jobKindMap } from './registry';

const controller = new AbortController();
let finished = false;

function report(m: HostReport): void {
  process.send?.(m);
}

async function run(cmd: Extract<HostCommand, { type: 'start' }>): Promise<Result<unknown>> {
  const kind = jobKindMap().get(cmd.kind);
  if (!kind) return fail(`job kind "${cmd.kind}" is not available in this build`);
  const parsed = kind.input.safeParse(cmd.input);
  if (!parsed.success) return fail(`invalid input for a ${cmd.kind} job: ${parsed.error.message}`);
  const paths = dataPaths(cmd.dataDir);
  const db = openDatabase(paths.database);
  if (!db.ok) return db;
  try {
    const blobs = new BlobStore(db.value, paths.blobs);
    const ctx = createJobContext(cmd.jobId, db.value, blobs, cmd.dataDir, cmd.compute, {
      onLog: (entry) => report({ type: 'log', entry }),
      onMetric: (point) => report({ type: 'metric', point }),
      onCheckpoint: (step) => report({ type: 'checkpoint', step }),
      onNotify: (event) => report({ type: 'notify', event }),
    });
    return await kind.run(parsed.data, (progress) => report({ type: 'progress', progress }), controller.signal, ctx);
  } catch (e) {
    return fail(`${cmd.kind} job failed with an internal error: ${(e as Error).stack ?? String(e)}`);
  } finally {
    db.value.close();
  }
}

process.on('disconnect', () => process.exit(finished ? 0 : 2));
process.on('message', (raw) => {
  const cmd = raw as HostCommand;
  if (cmd.type === 'cancel') controller.abort();
  else if (cmd.type === 'start') {
    void run(cmd).then((result) => {
      finished = true;
      process.send?.({ type: 'done', result } satisfies HostReport, () => process.disconnect());
    });
  }
});

