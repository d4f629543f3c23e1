import type { Progress } from '../../shared/job';
import type { Result } from '../../shared/result';
import type { ContextHooks } from './context';
import type { ComputeSettings } from './kind';

export interface ExecuteRequest {
  readonly jobId: number;
  readonly kind: string;
  /** Already validated against the kind's schema by the runner. */
  readonly input: unknown;
  readonly compute: ComputeSettings;
}

export interface ExecuteHooks extends ContextHooks {
  readonly onProgress: (p: Progress) => void;
}

/** Runs one job somewhere (this process, or a worker process) and reports back through hooks. */
export interface JobExecutor {
  execute(request: ExecuteRequest, hooks: ExecuteHooks, signal: AbortSignal): Promise<Result<unknown>>;
}
