// npm run bench:engine [-- --size 128 --threads 2 --nets student-so,teacher --repeats 3]
//
// Times our ONNX forward pass and train step (forward + backward + Adam, batch 1) against
// PyTorch running the same MONAI-layout network on the same machine, threads pinned equal,
// plus each side's large-GEMM rate. Every measurement runs in its own process, so the peak
// RSS printed belongs to that measurement alone. Prints a table, then ONE JSON line.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { createPredictor, createTrainer, type EpReport, type EpRequest } from '../src/main/engine';
import { GraphBuilder } from '../src/main/engine/graph/builder';
import { encodeModel } from '../src/main/engine/onnx/model';
import { initParams, forwardConvFlops, PRESETS, trainStepConvFlops, type PresetName } from '../src/shared/network';
import { unwrap } from '../src/shared/result';

interface ChildResult {
  times: number[];
  best: number;
  peak_rss_mb: number;
  ep?: string;
  torch?: string;
  device?: string;
}

function peakMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function time(repeats: number, fn: () => Promise<void>): Promise<number[]> {
  await fn(); // warm-up: session planning, first allocations
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return times;
}

/** A GPU measurement that silently ran on the CPU would be a lie: refuse it. */
function requireEp(requested: EpRequest, report: EpReport): void {
  if (requested !== 'auto' && requested !== report.used) {
    throw new Error(`asked for ${requested} but ran on ${report.used}: ${report.skipped.map((s) => `${s.ep}: ${s.reason}`).join('; ')}`);
  }
}

async function runChild(mode: 'fwd' | 'train' | 'gemm', net: PresetName, size: number, threads: number, repeats: number, ep: EpRequest): Promise<ChildResult> {
  if (mode === 'gemm') {
    const n = 2048;
    const g = new GraphBuilder();
    g.output('c', g.op('MatMul', [g.input('a', [n, n]), g.input('b', [n, n])]), [n, n]);
    const providers = ep === 'cpu' || ep === 'auto' ? ['cpu'] : [ep, 'cpu'];
    const s = await ort.InferenceSession.create(encodeModel({ graph: g.graph('gemm'), producerVersion: 'bench', metadata: {} }), { intraOpNumThreads: threads, executionProviders: providers });
    const a = new ort.Tensor('float32', new Float32Array(n * n).fill(0.5), [n, n]);
    const times = await time(repeats, async () => void (await s.run({ a, b: a })));
    return { times, best: Math.min(...times), peak_rss_mb: peakMb(), ep: providers[0] };
  }
  const spec = PRESETS[net];
  const vox = size ** 3;
  const image = Float32Array.from({ length: spec.inChannels * vox }, (_, i) => Math.sin(i * 0.37));
  if (mode === 'fwd') {
    const p = unwrap(createPredictor({ spec, params: initParams(spec, 1) }, { ep, threads, maxVoxels: vox }));
    let used = '';
    const times = await time(repeats, async () => {
      const r = unwrap(await p.predict(image, [size, size, size]));
      requireEp(ep, r.ep);
      used = r.ep.used;
    });
    return { times, best: Math.min(...times), peak_rss_mb: peakMb(), ep: used };
  }
  const t = unwrap(await createTrainer(spec, { patchShape: [size, size, size], ep, threads, lr: 1e-4, lowMemory: process.env.LUNGTS_LOW_MEMORY === '1' }));
  requireEp(ep, t.ep);
  const targets = Object.fromEntries(spec.heads.map((h) => [h.name, Float32Array.from({ length: vox }, (_, i) => ((i * 7919) % 10 === 0 ? 1 : 0))]));
  const times = await time(repeats, async () => void unwrap(await t.step(image, targets)));
  return { times, best: Math.min(...times), peak_rss_mb: peakMb(), ep: t.ep.used };
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '128' },
    threads: { type: 'string', default: '2' },
    nets: { type: 'string', default: 'student-so,teacher' },
    repeats: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    child: { type: 'string' },
    net: { type: 'string' },
    ep: { type: 'string', default: 'cpu' },
  },
});
const size = Number(values.size);
const threads = Number(values.threads);
const repeats = Number(values.repeats);
const rounds = Number(values.rounds);

if (values.child) {
  // Child process: one measurement of ours, result as JSON on stdout.
  const r = await runChild(values.child as 'fwd' | 'train' | 'gemm', (values.net ?? 'teacher') as PresetName, size, threads, repeats, values.ep as EpRequest);
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
}

function ours(mode: string, net = ''): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `${HERE}engine.ts`, '--child', mode, '--net', net, '--size', String(size), '--threads', String(threads), '--repeats', String(repeats), '--ep', String(values.ep)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as ChildResult;
}

function torch(mode: string, net?: PresetName): ChildResult {
  const spec = net ? PRESETS[net] : undefined;
  const device = values.ep === 'cuda' ? 'cuda' : 'cpu';
  const args = [`${HERE}engine_torch.py`, '--mode', mode, '--size', String(size), '--threads', String(threads), '--repeats', String(repeats), '--device', device];
  if (spec) args.push('--in-ch', String(spec.inChannels), '--channels', spec.channels.join(','), '--heads', String(spec.heads.length));
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  return JSON.parse(execFileSync('/usr/bin/python3', args, { encoding: 'utf8', env }).trim().split('\n').at(-1) as string) as ChildResult;
}

const nets = String(values.nets).split(',') as PresetName[];
const gflops = (flops: number, s: number): number => flops / s / 1e9;
const gemmFlops = 2 * 2048 ** 3;
// Rounds interleave ours and torch (and the GEMM reference) so both see the same machine; on
// a shared machine each figure is the best of its rounds, i.e. its least-disturbed run.
const best = (a: ChildResult | undefined, b: ChildResult): ChildResult => (a && a.best <= b.best ? a : { ...b, peak_rss_mb: Math.max(b.peak_rss_mb, a?.peak_rss_mb ?? 0) });
let og: ChildResult | undefined;
let tg: ChildResult | undefined;
const rows: { net: string; pass: string; ours?: ChildResult; torch?: ChildResult; flops: number }[] = [];
for (const net of nets) {
  const shape: [number, number, number] = [size, size, size];
  rows.push({ net, pass: 'forward', flops: forwardConvFlops(PRESETS[net], shape) });
  rows.push({ net, pass: 'train step', flops: trainStepConvFlops(PRESETS[net], shape) });
}
for (let r = 0; r < rounds; r++) {
  og = best(og, ours('gemm'));
  tg = best(tg, torch('gemm'));
  for (const row of rows) {
    const mode = row.pass === 'forward' ? 'fwd' : 'train';
    row.ours = best(row.ours, ours(mode, row.net));
    row.torch = best(row.torch, torch(mode, row.net as PresetName));
  }
}
const f = (n: number, d = 2): string => n.toFixed(d);
if (!og || !tg || rows.some((r) => !r.ours || !r.torch)) throw new Error('benchmark produced no measurement (rounds must be >= 1)');
// The machine's large-GEMM rate: the better of the two GEMMs measured in this run.
const gemmRate = Math.max(gflops(gemmFlops, og.best), gflops(gemmFlops, tg.best));
const done = rows as { net: string; pass: string; ours: ChildResult; torch: ChildResult; flops: number }[];
console.log(`engine benchmark: ${size}^3 input, ${threads} threads, ${cpus()[0]?.model ?? 'cpu'}; ours = onnxruntime-node (${og.ep ?? 'cpu'}), torch = ${tg.torch ?? '?'} (${tg.device ?? 'cpu'})`);
console.log(`large GEMM 2048^3: ours (ORT MatMul) ${f(gflops(gemmFlops, og.best), 1)} GFLOP/s, torch ${f(gflops(gemmFlops, tg.best), 1)} GFLOP/s`);
console.log(`each figure: best of ${rounds} interleaved rounds x ${repeats} runs after a warm-up run`);
console.log('');
console.log(['net'.padEnd(16), 'pass'.padEnd(10), 'ours s'.padStart(8), 'torch s'.padStart(8), 'speedup'.padStart(8), 'ours GF/s'.padStart(10), 'torch GF/s'.padStart(11), 'ours MB'.padStart(8), 'torch MB'.padStart(9)].join('  '));
for (const r of done) {
  console.log(
    [
      r.net.padEnd(16),
      r.pass.padEnd(10),
      f(r.ours.best).padStart(8),
      f(r.torch.best).padStart(8),
      `${f(r.torch.best / r.ours.best)}x`.padStart(8),
      f(gflops(r.flops, r.ours.best), 1).padStart(10),
      f(gflops(r.flops, r.torch.best), 1).padStart(11),
      f(r.ours.peak_rss_mb, 0).padStart(8),
      f(r.torch.peak_rss_mb, 0).padStart(9),
    ].join('  '),
  );
}
console.log('');
console.log('GF/s = convolution FLOPs of the pass / whole-pass time (norm, activation, loss and optimiser time included).');
console.log(`conv_fraction_of_gemm = best ours GF/s above / the faster of the two GEMMs (${f(gemmRate, 1)} GFLOP/s).`);
const geo = (xs: number[]): number => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const fwd = done.filter((r) => r.pass === 'forward');
const trn = done.filter((r) => r.pass === 'train step');
const bestConv = Math.max(...done.map((r) => gflops(r.flops, r.ours.best)));
const summary = {
  size,
  threads,
  forward_speedup_vs_torch: Number(geo(fwd.map((r) => r.torch.best / r.ours.best)).toFixed(3)),
  train_speedup_vs_torch: Number(geo(trn.map((r) => r.torch.best / r.ours.best)).toFixed(3)),
  conv_fraction_of_gemm: Number((bestConv / gemmRate).toFixed(3)),
  best_conv_gflops: Number(bestConv.toFixed(1)),
  gemm_gflops: Number(gflops(gemmFlops, og.best).toFixed(1)),
  torch_gemm_gflops: Number(gflops(gemmFlops, tg.best).toFixed(1)),
  per_net: Object.fromEntries(
    done.map((r) => [`${r.net}:${r.pass === 'forward' ? 'forward' : 'train'}`, { ours_s: Number(r.ours.best.toFixed(3)), torch_s: Number(r.torch.best.toFixed(3)), ours_peak_mb: Math.round(r.ours.peak_rss_mb), torch_peak_mb: Math.round(r.torch.peak_rss_mb) }]),
  ),
};
console.log(JSON.stringify(summary));
