import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/main/engine/checkpoint';
import { decodeRunState } from '../../../src/main/training/run-state';
import { unwrap } from '../../../src/shared/result';
import { cliRunner, CLI } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const lungts = cliRunner(dir);

/** Tiny networks and patches: these tests check the machinery, not accuracy. */
const CONFIG = {
  seed: 3,
  teacher: { patch: [32, 32, 32], jitter: 4, accumulate: 2, lr: 0.001, maxEpochs: 4, patience: 10, minEpochPatches: 8, checkpointEvery: 1, priorProb: 0.01 },
  student: { patch: [64, 64, 32], accumulate: 2, lr: 0.001, maxEpochs: 1, patience: 10, minEpochPatches: 4, checkpointEvery: 1, priorProb: 0.01 },
  threads: 1,
};

beforeAll(() => {
  const made = lungts('phantom-set', '--strong', '3', '--weak', '2', '--test', '1', '--seed', '21', '--size', 'small', '--out', 'ds');
  if (made.code !== 0) throw new Error(made.stderr);
  writeFileSync(join(dir, 'cfg.json'), JSON.stringify(CONFIG));
});

function finalState(run: string) {
  return unwrap(decodeRunState(readFileSync(join(dir, run, 'teacher', 'state.bin')), 'state')).loop;
}

describe('lungts train teacher: kill and resume', () => {
  it('an uninterrupted run and a SIGKILLed-then-resumed run end with the same steps and the same weights', async () => {
    const a = lungts('train', 'teacher', '--manifest', 'ds/manifest.json', '--out', 'runA', '--config', 'cfg.json', '--json');
    expect(a.code, a.stderr).toBe(0);
    const j = JSON.parse(a.stdout) as { epochs: number; patches: number; model: string };
    expect(j.epochs).toBe(4);
    expect(existsSync(j.model)).toBe(true);

    // Run B: kill -9 once a mid-run state exists, then run the same command again.
    const child = spawn(process.execPath, [CLI, 'train', 'teacher', '--manifest', 'ds/manifest.json', '--out', 'runB', '--config', 'cfg.json'], { cwd: dir, stdio: 'ignore' });
    const statePath = join(dir, 'runB', 'teacher', 'state.bin');
    let killedAt = -1;
    await new Promise<void>((done, fail) => {
      const timer = setInterval(() => {
        if (existsSync(statePath)) {
          const s = decodeRunState(readFileSync(statePath), 'state');
          if (s.ok && s.value.loop.patches >= 6 && !s.value.loop.done) {
            child.kill('SIGKILL');
            killedAt = s.value.loop.patches;
          }
        }
      }, 15);
      child.on('exit', () => {
        clearInterval(timer);
        if (killedAt < 0) fail(new Error('the run ended before it could be killed; make it longer'));
        else done();
      });
    });
    const mid = unwrap(decodeRunState(readFileSync(statePath), 'state after SIGKILL'));
    expect(mid.loop.done).toBe(false);
    const b = lungts('train', 'teacher', '--manifest', 'ds/manifest.json', '--out', 'runB', '--config', 'cfg.json');
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/resumed at epoch \d+, sample \d+/);
    const sa = finalState('runA');
    const sb = finalState('runB');
    expect(sb.patches).toBe(sa.patches);
    expect(sb.history.map((h) => [h.epoch, h.updates, h.patches])).toEqual(sa.history.map((h) => [h.epoch, h.updates, h.patches]));
    expect(sb.history.map((h) => h.valLoss)).toEqual(sa.history.map((h) => h.valLoss));
    const ba = unwrap(readCheckpoint(join(dir, 'runA', 'teacher', 'best.ckpt')));
    const bb = unwrap(readCheckpoint(join(dir, 'runB', 'teacher', 'best.ckpt')));
    expect(Buffer.from(bb.params.buffer).equals(Buffer.from(ba.params.buffer))).toBe(true);
  });

  it('keeps a started run\'s plan: only epoch limits, patience, threads and students may change', () => {
    writeFileSync(join(dir, 'cfg2.json'), JSON.stringify({ ...CONFIG, seed: 4 }));
    // The plan is fixed when a run starts: new options are reported as ignored, not silently mixed.
    const r = lungts('train', 'teacher', '--manifest', 'ds/manifest.json', '--out', 'runA', '--config', 'cfg2.json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/continuing with the configuration in .*plan\.json \(other options are ignored/);
  });
});

describe('lungts train --init: fine-tuning from another run', () => {
  it('starts from the checkpoint\'s weights, and refuses a file that is no checkpoint, naming it', () => {
    const still = { ...CONFIG, teacher: { ...CONFIG.teacher, lr: 1e-9, maxEpochs: 1 } };
    writeFileSync(join(dir, 'cfg-still.json'), JSON.stringify(still));
    const from = join(dir, 'runA', 'teacher', 'best.ckpt');
    const r = lungts('train', 'teacher', '--manifest', 'ds/manifest.json', '--out', 'runInit', '--config', 'cfg-still.json', '--init', from);
    expect(r.code, r.stderr).toBe(0);
    const a = unwrap(readCheckpoint(from)).params;
    const c = unwrap(readCheckpoint(join(dir, 'runInit', 'teacher', 'best.ckpt'))).params;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - c[i]!));
    expect(worst).toBeLessThan(1e-6); // a learning rate of 1e-9 barely moves the starting weights
    const card = JSON.parse(readFileSync(join(dir, 'runInit', 'models', 'teacher.card.json'), 'utf8')) as { provenance: { notes: string[] } };
    expect(card.provenance.notes.join('\n')).toMatch(/fine-tuned from .*best\.ckpt/);

    const bad = lungts('train', 'teacher', '--manifest', 'ds/manifest.json', '--out', 'runBad', '--config', 'cfg-still.json', '--init', 'ds/manifest.json');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/manifest\.json/);
  });
});

describe('lungts pseudo-label, train student and pipeline', () => {
  it('pseudo-labels the weak cases with the run\'s teacher, scoring them against the held-out masks', () => {
    const r = lungts('pseudo-label', '--manifest', 'ds/manifest.json', '--out', 'runA', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { cases: { id: string; path: string; confidence: number; dice: number | null }[] };
    expect(j.cases).toHaveLength(2);
    for (const c of j.cases) {
      expect(existsSync(c.path)).toBe(true);
      expect(c.dice).not.toBeNull();
      expect(c.confidence).toBeGreaterThanOrEqual(0);
    }
  });

  // Three students trained and each run over a whole test CT: minutes on two busy cores.
  it('runs Algorithm 1 end to end into a report comparing the students', { timeout: 400_000 }, () => {
    const r = lungts('pipeline', '--manifest', 'ds/manifest.json', '--out', 'runA', '--students', 'baseline,so,do', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { report: string; comparison: { model: string; dice: number; f1: number }[]; split: Record<string, number> };
    expect(j.comparison.map((c) => c.model)).toEqual(['teacher (boxes given)', 'student baseline', 'student so', 'student do']);
    const report = readFileSync(j.report, 'utf8');
    expect(report).toMatch(/\| student do \|/);
    for (const f of ['plots/loss.png', 'plots/val-dice.png', 'models/student-so.onnx', 'models/student-so.card.json', 'models/teacher.card.json']) {
      expect(existsSync(join(dir, 'runA', f)), f).toBe(true);
    }
    const png = readFileSync(join(dir, 'runA', 'plots', 'loss.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const card = JSON.parse(readFileSync(join(dir, 'runA', 'models', 'student-so.card.json'), 'utf8')) as { metrics: Record<string, number>; provenance: { syntheticOnly: boolean; notes: string[] } };
    expect(card.provenance.syntheticOnly).toBe(true);
    expect(card.provenance.notes.join(' ')).toMatch(/not for clinical use/);
    expect(Object.keys(card.metrics)).toEqual(expect.arrayContaining(['test_dice', 'test_f1', 'val_loss']));
  });

  it('fine-tunes a student from an exported model, mining its false positives first; refuses another network\'s model', { timeout: 300_000 }, () => {
    const cfg = { ...CONFIG, student: { ...CONFIG.student, lr: 1e-9, hardNegativeFraction: 0.5 } };
    writeFileSync(join(dir, 'cfg-hard.json'), JSON.stringify(cfg));
    const from = join(dir, 'runA', 'models', 'student-baseline.onnx');
    const r = lungts('train', 'student', '--variant', 'baseline', '--manifest', 'ds/manifest.json', '--out', 'runHard', '--config', 'cfg-hard.json', '--init', from);
    expect(r.code, r.stderr).toBe(0);
    const mined = JSON.parse(readFileSync(join(dir, 'runHard', 'student-baseline', 'hard-negatives.json'), 'utf8')) as { format: string; sites: { voxels: number }[] };
    expect(mined.format).toBe('lungts-hard-negatives');
    expect(r.stderr).toMatch(new RegExp(`${mined.sites.length} false-positive site\\(s\\) of the starting weights`));
    for (const s of mined.sites) expect(s.voxels).toBeGreaterThanOrEqual(10);
    const card = JSON.parse(readFileSync(join(dir, 'runHard', 'models', 'student-baseline.card.json'), 'utf8')) as { provenance: { notes: string[] } };
    expect(card.provenance.notes.join('\n')).toMatch(/fine-tuned from .*student-baseline\.onnx/);

    const wrong = lungts('train', 'student', '--variant', 'baseline', '--manifest', 'ds/manifest.json', '--out', 'runWrong', '--config', 'cfg-hard.json', '--init', join(dir, 'runA', 'models', 'teacher.onnx'));
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/starting weights hold \d+ values; student-baseline .* needs \d+/);
  });
});
