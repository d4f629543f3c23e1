import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { DEFAULT_CONFIG, mergeConfig, parseRunConfig, type RunConfig } from './config';
import { readManifest, splitDataset, type Dataset, type DatasetCase, type DatasetSplit } from './dataset';

/**
 * A run directory opened for work: its configuration (plan.json, fixed when the run starts so
 * a resume continues under the same rules), the dataset and its split by patient.
 */
export interface RunContext {
  readonly out: string;
  readonly config: RunConfig;
  readonly dataset: Dataset;
  readonly split: DatasetSplit;
  readonly counts: { readonly strongTrain: number; readonly strongVal: number; readonly weak: number; readonly test: number };
  readonly cache: string;
  readonly models: string;
  readonly syntheticOnly: boolean;
}

export interface OpenRunInput {
  readonly manifest: string;
  readonly out: string;
  /** Overrides merged into the defaults when the run starts (ignored when resuming). */
  readonly config?: unknown;
  readonly syntheticOnly?: boolean;
}

const RESUMABLE = new Set(['maxEpochs', 'patience', 'keepEpochWeights']);

export function loadOrStartConfig(out: string, overrides: unknown, echo: (l: string) => void): Result<RunConfig> {
  const path = join(out, 'plan.json');
  if (existsSync(path)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return fail(`${path}: not readable JSON (${(e as Error).message})`);
    }
    const r = parseRunConfig(raw, path);
    if (!r.ok || overrides === undefined) return r;
    // How long and what to train may change on a resume, and which epochs' weights are kept;
    // how to train may not.
    const o = overrides as { teacher?: Record<string, unknown>; student?: Record<string, unknown>; threads?: unknown; students?: unknown };
    const pick = (x: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(x ?? {}).filter(([k]) => RESUMABLE.has(k)));
    const patch = { teacher: pick(o.teacher), student: pick(o.student), ...(o.threads !== undefined ? { threads: o.threads } : {}), ...(o.students !== undefined ? { students: o.students } : {}) };
    const next = parseRunConfig(mergeConfig(r.value, patch), 'configuration');
    if (!next.ok) return next;
    if (JSON.stringify(next.value) !== JSON.stringify(r.value)) {
      writeFileAtomic(path, `${JSON.stringify(next.value, null, 2)}\n`);
      echo(`continuing with the configuration in ${path}; applied the new epoch limits, patience, kept epochs, threads or students, ignored any other option`);
    } else echo(`continuing with the configuration in ${path} (other options are ignored once a run has started)`);
    return next;
  }
  const r = parseRunConfig(mergeConfig(DEFAULT_CONFIG, overrides), 'configuration');
  if (!r.ok) return r;
  mkdirSync(out, { recursive: true });
  writeFileAtomic(path, `${JSON.stringify(r.value, null, 2)}\n`);
  return r;
}

export function openRun(input: OpenRunInput, echo: (l: string) => void): Result<RunContext> {
  const ds = readManifest(input.manifest);
  if (!ds.ok) return ds;
  const cfg = loadOrStartConfig(input.out, input.config, echo);
  if (!cfg.ok) return cfg;
  const sp = splitDataset(ds.value, cfg.value.seed, cfg.value.split);
  if (!sp.ok) return sp;
  const split = sp.value;
  const counts = { strongTrain: split.strongTrain.length, strongVal: split.strongVal.length, weak: split.weak.length, test: split.test.length };
  if (counts.strongVal === 0) return fail('no validation cases: the dataset needs more strong patients');
  const ids = (cs: readonly DatasetCase[]) => cs.map((c) => c.id);
  writeFileAtomic(join(input.out, 'split.json'), JSON.stringify({
    ...counts, strongTrain: ids(split.strongTrain), strongVal: ids(split.strongVal), weak: ids(split.weak), test: ids(split.test),
  }, null, 1));
  const cache = join(input.out, 'cache');
  const models = join(input.out, 'models');
  mkdirSync(cache, { recursive: true });
  return ok({ out: input.out, config: cfg.value, dataset: ds.value, split, counts, cache, models, syntheticOnly: input.syntheticOnly === true || ds.value.synthetic });
}
