import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * Execution providers: the caller asks for one (or 'auto'), we try it and fall back to CPU,
 * and report what actually ran and why anything was skipped. 'auto' prefers the platform's GPU
 * provider (CUDA on Linux, DirectML on Windows, CoreML on macOS). A provider that failed once
 * is not retried in this process, so 'auto' on a machine without a GPU costs one attempt.
 */
export type EpRequest = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml';
export type EpName = 'cpu' | 'cuda' | 'dml' | 'coreml';
export const EP_REQUESTS: readonly EpRequest[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml'];

export interface EpReport {
  readonly requested: EpRequest;
  readonly used: EpName;
  /** Providers tried before the one used, with the reason each was not used. */
  readonly skipped: readonly { readonly ep: EpName; readonly reason: string }[];
}

export interface RuntimeOptions {
  readonly ep?: EpRequest;
  /** Intra-op threads; default: every core. */
  readonly threads?: number;
  /**
   * Release working memory after every run instead of keeping ORT's arena (slower, bounded).
   * The arena keeps a session's peak; with several large sessions alive that adds up.
   */
  readonly lowMemory?: boolean;
}

const failedProviders = new Map<EpName, string>();

export function epCandidates(req: EpRequest, platform: NodeJS.Platform = process.platform): EpName[] {
  if (req === 'cpu') return ['cpu'];
  if (req !== 'auto') return [req, 'cpu'];
  if (platform === 'linux') return ['cuda', 'cpu'];
  if (platform === 'win32') return ['dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cpu'];
}

function providerSupported(ep: EpName): string | undefined {
  if (ep === 'cpu') return undefined;
  const listed = ort.listSupportedBackends().some((b) => b.name === ep);
  if (!listed) return `onnxruntime-node on ${process.platform}-${process.arch} has no ${ep} provider`;
  // The CUDA provider's libraries are not in the npm package; `npm run install:cuda` fetches them.
  // Checking for the file first spares a native error log on every machine without them.
  if (ep === 'cuda' && !existsSync(join(bindingDir(), 'libonnxruntime_providers_cuda.so'))) {
    return 'CUDA provider libraries are not installed (run `npm run install:cuda` on a machine with CUDA 12)';
  }
  return undefined;
}

function bindingDir(): string {
  const req = createRequire(import.meta.url);
  const pkg = dirname(req.resolve('onnxruntime-node/package.json'));
  return join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
}

function sessionOptions(ep: EpName, opts: RuntimeOptions): ort.InferenceSession.SessionOptions {
  const threads = opts.threads ?? availableParallelism();
  return {
    executionProviders: ep === 'cpu' ? ['cpu'] : [ep, 'cpu'],
    intraOpNumThreads: Math.max(1, Math.floor(threads)),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: !opts.lowMemory,
    // ORT's memory pattern is a second, pre-planned block on top of what the arena already
    // holds from the first run: it took the student's train step from 2.3 to 3.6 GB peak at
    // 128^3 without making it faster (measured here), so it stays off.
    enableMemPattern: false,
  };
}

export interface OpenSession {
  readonly session: ort.InferenceSession;
  readonly ep: EpReport;
}

/** Creates a session on the best available provider for the request. */
export async function openSession(model: Uint8Array, opts: RuntimeOptions, what: string): Promise<Result<OpenSession>> {
  const requested = opts.ep ?? 'auto';
  const skipped: { ep: EpName; reason: string }[] = [];
  for (const ep of epCandidates(requested)) {
    const known = failedProviders.get(ep) ?? providerSupported(ep);
    if (known) {
      skipped.push({ ep, reason: known });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(model, sessionOptions(ep, opts));
      return ok({ session, ep: { requested, used: ep, skipped } });
    } catch (e) {
      const reason = firstLine((e as Error).message);
      if (ep === 'cpu') return fail(`${what}: onnxruntime could not load the model: ${reason}`);
      failedProviders.set(ep, reason);
      skipped.push({ ep, reason });
    }
  }
  return fail(`${what}: no execution provider could run the model (${skipped.map((s) => `${s.ep}: ${s.reason}`).join('; ')})`);
}

export function describeEp(r: EpReport): string {
  const fallback = r.skipped.length ? ` (fell back: ${r.skipped.map((s) => `${s.ep}: ${s.reason}`).join('; ')})` : '';
  return `${r.used}${fallback}`;
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).slice(0, 300);
}
