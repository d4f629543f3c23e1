// Writes the weights of a run stage's last saved state (STAGE/state.bin) as STAGE/last.ckpt.
// `best.ckpt` holds the epoch of lowest validation loss; this one holds where training stopped,
// which is what a test of what the network learnt on its own training data needs.
// `lungts segment` and `evaluate-set` take either (--model F.ckpt).
//
//   node --import tsx scripts/last-checkpoint.ts RUN_DIR/student-baseline
import { basename, dirname, join, resolve } from 'node:path';
import { writeCheckpoint } from '../src/main/engine/checkpoint';
import { readState, stageFiles } from '../src/main/training/run-files';
import { unwrap } from '../src/shared/result';

const [stageDir] = process.argv.slice(2);
if (!stageDir) {
  process.stderr.write('usage: last-checkpoint.ts RUN_DIR/STAGE\n');
  process.exit(2);
}
const files = stageFiles(dirname(resolve(stageDir)), basename(resolve(stageDir)));
const state = unwrap(readState(files));
if (!state) throw new Error(`${files.state}: no saved state`);
const out = join(files.dir, 'last.ckpt');
unwrap(writeCheckpoint(out, state.checkpoint));
console.log(`${out}: epoch ${state.loop.epoch}, ${state.loop.patches} patches`);
