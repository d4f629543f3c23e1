import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvenanceInput } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from '../engine/checkpoint';
import { writeFileAtomic } from '../fs/atomic';
import type { LoopHooks } from './loop';
import { decodeRunState, encodeRunState, type LoopState, type RunState } from './run-state';

/**
 * One network's training folder inside a run directory:
 *   state.bin     resumable state (weights, Adam, loop position), replaced atomically
 *   best.ckpt     the weights with the lowest validation loss so far
 *   epochs/       epoch-NNN.ckpt, each epoch's weights, when the plan keeps them
 *   metrics.json  the per-epoch history (rewritten whole, so a replayed epoch never duplicates)
 *   log.txt       human-readable lines, appended
 */
export interface StageFiles {
  readonly dir: string;
  readonly state: string;
  readonly best: string;
  readonly metrics: string;
  readonly log: string;
}

export function stageFiles(runDir: string, name: string): StageFiles {
  const dir = join(runDir, name);
  return { dir, state: join(dir, 'state.bin'), best: join(dir, 'best.ckpt'), metrics: join(dir, 'metrics.json'), log: join(dir, 'log.txt') };
}

/** Where a kept epoch's weights lie (epoch counted from 1). */
export function epochFile(f: StageFiles, epoch: number): string {
  return join(f.dir, 'epochs', `epoch-${String(epoch).padStart(3, '0')}.ckpt`);
}

export function readState(f: StageFiles): Result<RunState | undefined> {
  if (!existsSync(f.state)) return ok(undefined);
  return decodeRunState(readFileSync(f.state), f.state);
}

export function readBest(f: StageFiles): Result<Checkpoint> {
  return readCheckpoint(f.best);
}

export function fileHooks(f: StageFiles, provenance: (s: LoopState) => ProvenanceInput, echo: (line: string) => void): LoopHooks {
  mkdirSync(f.dir, { recursive: true });
  const log = (line: string): void => {
    const stamped = `${new Date().toISOString()} ${line}`;
    appendFileSync(f.log, `${stamped}\n`);
    echo(line);
  };
  return {
    saveState(s: RunState) {
      try {
        writeFileAtomic(f.state, encodeRunState(s));
        writeFileAtomic(f.metrics, JSON.stringify(s.loop.history, null, 1));
        return ok(undefined);
      } catch (e) {
        return fail(`cannot save the training state in ${f.dir}: ${(e as Error).message}`);
      }
    },
    saveBest: (ck) => writeCheckpoint(f.best, ck),
    saveEpoch(ck, record) {
      mkdirSync(join(f.dir, 'epochs'), { recursive: true });
      // Weights only: the Adam moments would triple the file, and resuming uses state.bin.
      return writeCheckpoint(epochFile(f, record.epoch), { card: ck.card, params: ck.params });
    },
    log,
    provenance,
  };
}
