import type { ApiEvent, JobLogEntry, JobMetricPoint } from '../../shared/api';
import type { Progress } from '../../shared/job';
import type { Result } from '../../shared/result';
import type { ComputeSettings } from './kind';

/** Parent -> worker process. */
export type HostCommand =
  | { readonly type: 'start'; readonly jobId: number; readonly kind: string; readonly input: unknown; readonly dataDir: string; readonly compute: ComputeSettings }
  | { readonly type: 'cancel' };

/** Worker process -> parent. */
export type HostReport =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'log'; readonly entry: JobLogEntry }
  | { readonly type: 'metric'; readonly point: JobMetricPoint }
  | { readonly type: 'checkpoint'; readonly step: number }
  | { readonly type: 'notify'; readonly event: ApiEvent }
  | { readonly type: 'done'; readonly result: Result<unknown> };
