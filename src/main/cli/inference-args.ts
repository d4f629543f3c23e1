import { resolve } from 'node:path';
import { ok, type Result } from '../../shared/result';
import type { LoadedModel } from '../engine/model-file';
import { EP_REQUESTS, type EpRequest } from '../engine/runtime/ep';
import { loadRoleModel, type ModelRoleName } from '../inference/models';
import { loadCt, type LoadedCt } from '../io/load-ct';
import { choiceOption, intOption, numberOption } from './args';
import { UsageError } from './command';

/** The options every command that runs a network on one CT shares (merge into its parser's options). */
export const INFERENCE_OPTIONS = {
  model: { type: 'string' }, ep: { type: 'string' }, threads: { type: 'string' }, series: { type: 'string' },
} as const;

/** The student's component filter flags (segment, evaluate-set); unset ones fall to the model card. */
export const FILTER_OPTIONS = {
  'min-volume': { type: 'string' }, 'min-peak': { type: 'string' }, 'lung-filter': { type: 'boolean' }, 'no-lung-filter': { type: 'boolean' },
} as const;

interface FilterValues {
  readonly 'min-volume'?: string;
  readonly 'min-peak'?: string;
  readonly 'lung-filter'?: boolean;
  readonly 'no-lung-filter'?: boolean;
}

/** The filter flags that were given, as segmentCt takes them (unset ones fall to the model card); bad values throw a usage error. */
export function filterFlags(values: FilterValues): { minVolumeMl?: number; minPeak?: number; lungFilter?: boolean } {
  if (values['lung-filter'] && values['no-lung-filter']) throw new UsageError('--lung-filter and --no-lung-filter contradict each other');
  return {
    ...(values['lung-filter'] ? { lungFilter: true } : values['no-lung-filter'] ? { lungFilter: false } : {}),
    ...(values['min-volume'] !== undefined ? { minVolumeMl: numberOption(values['min-volume'], 'min-volume', 0, 0, 1000) } : {}),
    ...(values['min-peak'] !== undefined ? { minPeak: numberOption(values['min-peak'], 'min-peak', 0, 0, 1) } : {}),
  };
}

export interface InferenceInputs {
  readonly model: LoadedModel & { readonly path: string };
  readonly ct: LoadedCt;
  /** Where the network runs, as the inference functions take it. */
  readonly compute: { readonly ep: EpRequest; readonly threads?: number };
  /** Seconds spent reading the CT. */
  readonly loadSeconds: number;
}

/** Reads the role's model (--model, else the shipped one) and the CT; usage errors throw. */
export async function inferenceInputs(
  values: { readonly model?: string; readonly ep?: string; readonly threads?: string; readonly series?: string },
  cwd: string, ctPath: string, role: ModelRoleName,
): Promise<Result<InferenceInputs>> {
  const ep = choiceOption<EpRequest>(values.ep, 'ep', EP_REQUESTS, 'cpu');
  const threads = values.threads === undefined ? undefined : intOption(values.threads, 'threads', 1, 1, 256);
  const model = loadRoleModel(values.model === undefined ? undefined : resolve(cwd, values.model), role);
  if (!model.ok) return model;
  const started = performance.now();
  // Shared memory: the CLI never sends the CT through IPC, and the kernel workers then read it without a copy.
  const ct = await loadCt(ctPath, { shared: true, ...(values.series ? { seriesUid: values.series } : {}) });
  if (!ct.ok) return ct;
  return ok({ model: model.value, ct: ct.value, compute: { ep, ...(threads ? { threads } : {}) }, loadSeconds: (performance.now() - started) / 1000 });
}
