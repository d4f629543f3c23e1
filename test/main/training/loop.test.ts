import { describe, expect, it } from 'vitest';
import { type LoopHooks, type LoopPlan, runTrainingLoop, type Sample, type SampleSource } from '../../../src/main/training/loop';
import { randomFor } from '../../../src/shared/random';
import { decodeRunState, encodeRunState, type RunState } from '../../../src/main/training/run-state';
import { CANCELLED } from '../../../src/shared/job';
import type { UNetSpec } from '../../../src/shared/network';
import { unwrap } from '../../../src/shared/result';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint } from '../../../src/main/engine/checkpoint';
import { epochFile, fileHooks, readState, stageFiles } from '../../../src/main/training/run-files';
import { tempDir } from '../../helpers/tmp';

const spec: UNetSpec = {
  format: 'lungts-unet', specVersion: 1, name: 'loop-test', inChannels: 1, channels: [4, 8], strides: [2],
  kernelSize: 3, norm: { kind: 'instance', affine: false, eps: 1e-5 }, act: { kind: 'prelu', perChannel: false, init: 0.25 },
  heads: [{ name: 'mask', outChannels: 1 }],
};
const N = 16;

/** A bright ball on noise: the target is the ball. Pure function of the key. */
function ball(...key: (string | number)[]): Sample {
  const r = randomFor(...key);
  const image = new Float32Array(N ** 3);
  const target = new Float32Array(N ** 3);
  const c = [4 + r() * 8, 4 + r() * 8, 4 + r() * 8];
  const rad = 2 + r() * 3;
  for (let k = 0, q = 0; k < N; k++) for (let j = 0; j < N; j++) for (let i = 0; i < N; i++, q++) {
    const inside = (i - c[0]!) ** 2 + (j - c[1]!) ** 2 + (k - c[2]!) ** 2 <= rad * rad;
    target[q] = inside ? 1 : 0;
    image[q] = (inside ? 1 : -1) + (r() - 0.5) * 0.5;
  }
  return { image, targets: { mask: target } };
}

const source: SampleSource = {
  epochLength: () => 6,
  sample: async (e, n) => ball('train', e, n),
  validationCount: 2,
  validationSample: async (v) => ball('val', v),
};

const plan: LoopPlan = { spec, patch: [N, N, N], accumulate: 2, lr: 3e-3, maxEpochs: 4, patience: 10, checkpointEvery: 1, seed: 5, threads: 1 };

function memoryHooks(saves: Uint8Array[], stopAfterSaves = Infinity, abort?: AbortController): LoopHooks {
  return {
    saveState(s) {
      saves.push(encodeRunState(s));
      if (saves.length >= stopAfterSaves) abort?.abort();
      return { ok: true, value: undefined };
    },
    saveBest: () => ({ ok: true, value: undefined }),
    log: () => undefined,
    provenance: (st) => ({ source: 'trained', data: 'balls', trainingSteps: st.patches }),
  };
}

describe('runTrainingLoop', () => {
  it('trains, validates every epoch, and a run stopped mid-epoch resumes to the same steps and weights', async () => {
    const full: Uint8Array[] = [];
    const a = unwrap(await runTrainingLoop(plan, source, memoryHooks(full), () => undefined, new AbortController().signal));
    expect(a.state.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(a.state.patches).toBe(24);
    expect(a.state.history[3]!.updates).toBe(12);
    expect(a.state.history[3]!.valLoss).toBeLessThan(a.state.history[0]!.valLoss);
    expect(a.state.stopReason).toMatch(/epoch limit/);

    // Stop after the 5th saved state (mid-epoch 2), then resume from the bytes that were saved.
    const partial: Uint8Array[] = [];
    const ctl = new AbortController();
    const stopped = await runTrainingLoop(plan, source, memoryHooks(partial, 5, ctl), () => undefined, ctl.signal);
    expect(stopped.ok ? 'finished' : stopped.error).toBe(CANCELLED);
    const saved: RunState = unwrap(decodeRunState(partial[partial.length - 1]!, 'state'));
    expect(saved.loop.epoch).toBe(1);
    expect(saved.loop.index).toBeGreaterThan(0);
    const b = unwrap(await runTrainingLoop(plan, source, memoryHooks([]), () => undefined, new AbortController().signal, saved));
    expect(b.state.patches).toBe(a.state.patches);
    expect(b.state.history.map((h) => h.updates)).toEqual(a.state.history.map((h) => h.updates));
    expect(Array.from(b.last.params)).toEqual(Array.from(a.last.params));
  });

  it('stops early when the validation loss stops improving and refuses a state from another plan', async () => {
    const flat: SampleSource = { ...source, validationSample: async () => ball('val', 0) };
    const r = unwrap(await runTrainingLoop({ ...plan, lr: 1e-9, patience: 1, maxEpochs: 20 }, flat, memoryHooks([]), () => undefined, new AbortController().signal));
    expect(r.state.history.length).toBeLessThan(20);
    expect(r.state.stopReason).toMatch(/did not improve for 1 epochs/);
    const saves: Uint8Array[] = [];
    await runTrainingLoop({ ...plan, maxEpochs: 1 }, source, memoryHooks(saves), () => undefined, new AbortController().signal);
    const other = await runTrainingLoop({ ...plan, seed: 6 }, source, memoryHooks([]), () => undefined, new AbortController().signal, unwrap(decodeRunState(saves[0]!, 's')));
    expect(other.ok).toBe(false);
  });

  it('continues a run that stopped at its epoch limit when the limit is raised, as if it had never stopped', async () => {
    const saves: Uint8Array[] = [];
    const two = unwrap(await runTrainingLoop({ ...plan, maxEpochs: 2 }, source, memoryHooks(saves), () => undefined, new AbortController().signal));
    expect(two.state.done).toBe(true);
    const last = unwrap(decodeRunState(saves[saves.length - 1]!, 's'));
    const more = unwrap(await runTrainingLoop({ ...plan, maxEpochs: 3 }, source, memoryHooks([]), () => undefined, new AbortController().signal, last));
    const straight = unwrap(await runTrainingLoop({ ...plan, maxEpochs: 3 }, source, memoryHooks([]), () => undefined, new AbortController().signal));
    expect(more.state.history.map((h) => h.updates)).toEqual(straight.state.history.map((h) => h.updates));
    expect(Array.from(more.last.params)).toEqual(Array.from(straight.last.params));
  });

  it('with bceTumourMl it feeds the samples\' voxel weights, fails clearly without them, and never resumes an unweighted state', async () => {
    const weighted: SampleSource = {
      ...source,
      sample: async (e, n) => {
        const s = ball('train', e, n);
        const y = (s.targets as Record<string, Float32Array>).mask!;
        return { ...s, weights: { mask: y.map((v) => (v ? 10 : 1)) } };
      },
      validationSample: async (v) => ({ ...ball('val', v), weights: { mask: new Float32Array(N ** 3).fill(1) } }),
    };
    const wplan: LoopPlan = { ...plan, bceWeight: 1, bceTumourMl: 5, maxEpochs: 2 };
    const r = unwrap(await runTrainingLoop(wplan, weighted, memoryHooks([]), () => undefined, new AbortController().signal));
    expect(r.state.history.map((h) => Number.isFinite(h.valLoss))).toEqual([true, true]);
    const missing = await runTrainingLoop(wplan, source, memoryHooks([]), () => undefined, new AbortController().signal);
    expect(missing.ok ? 'trained' : missing.error).toMatch(/missing the "mask" voxel weights/);
    const plainSaves: Uint8Array[] = [];
    unwrap(await runTrainingLoop({ ...plan, bceWeight: 1, maxEpochs: 1 }, source, memoryHooks(plainSaves), () => undefined, new AbortController().signal));
    const plainState = unwrap(decodeRunState(plainSaves[plainSaves.length - 1]!, 'state'));
    const refused = await runTrainingLoop(wplan, weighted, memoryHooks([]), () => undefined, new AbortController().signal, plainState);
    expect(refused.ok ? 'resumed' : refused.error).toMatch(/different plan/);
  });
  it('keeps each epoch\'s weights on disk when asked, the last equal to where it stopped, and the same after a crash and a resume', async () => {
    const root = tempDir('lungts-loop-');
    const quiet = () => undefined;
    const prov = (st: { patches: number }) => ({ source: 'trained' as const, data: 'balls', trainingSteps: st.patches });
    const kept = stageFiles(root, 'kept');
    const a = unwrap(await runTrainingLoop({ ...plan, maxEpochs: 3, keepEpochs: true }, source, fileHooks(kept, prov, quiet), quiet, new AbortController().signal));
    const epochs = [1, 2, 3].map((e) => unwrap(readCheckpoint(epochFile(kept, e), spec)));
    expect(epochs.map((c) => c.card.metrics.epoch)).toEqual([1, 2, 3]);
    expect(epochs.map((c) => c.card.metrics.val_loss)).toEqual(a.state.history.map((h) => h.valLoss));
    expect(epochs[2]!.params).toEqual(a.last.params);
    expect(epochs[0]!.params).not.toEqual(epochs[1]!.params);
    expect(epochs.every((c) => c.adam === undefined)).toBe(true);

    // Killed in epoch 2 (after its first update: three updates and the end of epoch 1 saved before it), then resumed: the same three files, same weights.
    const crashed = stageFiles(root, 'crashed');
    const ctl = new AbortController();
    const hooks = fileHooks(crashed, prov, quiet);
    let saves = 0;
    const killing = { ...hooks, saveState: (st: RunState) => { const r = hooks.saveState(st); if (++saves === 5) ctl.abort(); return r; } };
    const stopped = await runTrainingLoop({ ...plan, maxEpochs: 3, keepEpochs: true }, source, killing, quiet, ctl.signal);
    expect(stopped.ok ? 'finished' : stopped.error).toBe(CANCELLED);
    expect(existsSync(epochFile(crashed, 1))).toBe(true);
    expect(existsSync(epochFile(crashed, 2))).toBe(false);
    const state = unwrap(readState(crashed));
    unwrap(await runTrainingLoop({ ...plan, maxEpochs: 3, keepEpochs: true }, source, fileHooks(crashed, prov, quiet), quiet, new AbortController().signal, state));
    for (const e of [1, 2, 3]) expect(unwrap(readCheckpoint(epochFile(crashed, e))).params).toEqual(epochs[e - 1]!.params);

    // Off by default: no folder.
    const plain = stageFiles(root, 'plain');
    unwrap(await runTrainingLoop({ ...plan, maxEpochs: 1 }, source, fileHooks(plain, prov, quiet), quiet, new AbortController().signal));
    expect(existsSync(join(plain.dir, 'epochs'))).toBe(false);
  });
});
