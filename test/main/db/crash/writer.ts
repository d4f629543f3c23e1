// A child process for the crash tests: it writes through the app's real code paths (the
// mask-save handler; the job runner with a checkpointing job) until the test kills it with
// SIGKILL. It wires only the pieces it needs, so that it starts fast enough to be killed 100
// times in one test run. Modes:
//   masks <dataDir> <seriesId> <annotationId> <seedBase>: save mask versions in a loop,
//     printing "saved <versionId> <seed>" after each save returns (i.e. is committed);
//   train <dataDir>: start (or resume) a training-like selftest job that checkpoints every step,
//     printing "metric <step>" as each step ends (just before its checkpoint is written).
import type { ApiEvent } from '../../../../src/shared/api/schemas/events';
import { parseRequest } from '../../../../src/shared/api/validate';
import type { AppCore } from '../../../../src/main/app/core';
import { EventBus } from '../../../../src/main/app/events';
import { annotationHandlers } from '../../../../src/main/app/handlers/annotations';
import { BlobStore } from '../../../../src/main/db/blobs';
import { openDatabase } from '../../../../src/main/db/connection';
import { getSeriesRecord } from '../../../../src/main/db/repos/cases-read';
import { dataPaths } from '../../../../src/main/db/paths';
import { createInlineExecutor } from '../../../../src/main/jobs/inline-executor';
import { selftestJobKind } from '../../../../src/main/jobs/kinds/selftest';
import { JobRunner } from '../../../../src/main/jobs/runner';
import { crashMask } from './pattern';

async function main(): Promise<void> {
  const [mode, dataDir] = process.argv.slice(2);
  if (!mode || !dataDir) throw new Error('usage: writer masks|train <dataDir> ...');
  const paths = dataPaths(dataDir);
  const db = openDatabase(paths.database);
  if (!db.ok) throw new Error(db.error);
  const blobs = new BlobStore(db.value, paths.blobs);
  if (mode === 'masks') {
    const [seriesId, annotationId, seedBase] = process.argv.slice(4).map(Number) as [number, number, number];
    const save = annotationHandlers({ db: db.value, blobs, events: new EventBus() } as unknown as AppCore)['annotations.saveMask'];
    const dims = getSeriesRecord(db.value, seriesId)!.geometry.dims;
    process.stdout.write('ready\n');
    for (let seed = seedBase; ; seed++) {
      const input = parseRequest('annotations.saveMask', { meta: { seriesId, annotationId, author: 'crash', source: 'manual' }, bytes: crashMask(seed, dims) });
      if (!input.ok) throw new Error(input.error);
      const saved = await save(input.value);
      if (!saved.ok) throw new Error(saved.error);
      process.stdout.write(`saved ${saved.value.version.versionId} ${seed}\n`);
    }
  }
  if (mode === 'train') {
    const kinds = new Map([[selftestJobKind.kind, selftestJobKind]]);
    const emit = (e: ApiEvent) => {
      if (e.type === 'job-metric') process.stdout.write(`metric ${e.point.step}\n`);
    };
    const runner = new JobRunner({ db: db.value, kinds, executor: createInlineExecutor(db.value, blobs, dataDir, kinds), emit });
    runner.recover();
    const job = db.value.prepare("SELECT id FROM jobs WHERE kind = 'selftest'").get() as { id: number } | undefined;
    const r = job ? runner.resume(job.id) : runner.start('selftest', { steps: 1_000_000, checkpointBytes: 65_536 });
    if (!r.ok) throw new Error(r.error);
    process.stdout.write('ready\n');
    await runner.idle();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
