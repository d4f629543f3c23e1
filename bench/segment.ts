// Benchmark: `lungts segment` end to end on a full-size 512 x 512 x 300 phantom with the
// shipped student: seconds per stage and peak memory (max RSS of the CLI process), beside a
// peer measured in the same run: the same network over the whole 1 x 1 x 1.5 mm scan (no lung
// crops), which is what the per-lung crops save. Not a test: a table, then one JSON line.
//
//   npm run bench:segment [-- --model path/to/student.onnx]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPredictor } from '../src/main/engine/predictor';
import { loadRoleModel, trainedPatch } from '../src/main/inference/models';
import { readMask } from '../src/main/inference/mask-io';
import { readNifti } from '../src/main/io/nifti/read';
import { writeNifti } from '../src/main/io/nifti/write';
import { generatePhantom } from '../src/main/phantom/generate';
import { resampleToSpacing } from '../src/main/preprocess/resample';
import { clippedStats, zScoreOf } from '../src/shared/image/intensity';
import { evaluateCase } from '../src/shared/metrics';
import { unwrap } from '../src/shared/result';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');
const SEED = 4242;
const SLICES = 300;

async function makePhantom(dir: string): Promise<void> {
  if (existsSync(join(dir, 'tumor.nii.gz'))) return;
  mkdirSync(dir, { recursive: true });
  const c = unwrap(await generatePhantom({ seed: SEED, size: 'full', tumors: 2, protocol: { slices: SLICES } }));
  writeNifti(join(dir, 'ct.nii.gz'), c.ct);
  writeNifti(join(dir, 'tumor.nii.gz'), c.tumor);
}

/** Peer, in a child process: the whole scan resampled to 1 x 1 x 1.5 mm and run through the student in the same tiles. */
async function peer(dir: string, modelPath: string | undefined): Promise<void> {
  const t0 = performance.now();
  const ct = unwrap(readNifti(join(dir, 'ct.nii.gz'))).volume;
  const model = unwrap(loadRoleModel(modelPath, 'student'));
  const stats = clippedStats(ct.data);
  const t1 = performance.now();
  const v = await resampleToSpacing(ct, undefined, 'linear', { clip: stats.clip, scale: 1 / stats.std, offset: -stats.mean / stats.std, fill: zScoreOf(-1024, stats), outType: 'float32' });
  const t2 = performance.now();
  const tile = trainedPatch(model)!;
  const p = unwrap(createPredictor(model, { maxVoxels: tile[0] * tile[1] * tile[2], tileShape: [tile[2], tile[1], tile[0]], overlap: 0.25 }));
  const r = unwrap(await p.predict(v.data as Float32Array, [v.dims[2], v.dims[1], v.dims[0]]));
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ load: (t1 - t0) / 1000, resample: (t2 - t1) / 1000, network: (t3 - t2) / 1000, tiles: r.tiles, total: (t3 - t0) / 1000, peakMb: process.resourceUsage().maxRSS / 1024 }));
}

function runSegment(dir: string, modelPath: string | undefined): { seconds: Record<string, number>; peakMb: number; tiles: number } {
  const wrapper = `process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(join(REPO, 'dist', 'cli.js'))});`;
  const args = ['--input-type=module', '-e', wrapper, 'lungts', 'segment', join(dir, 'ct.nii.gz'), '-o', join(dir, 'pred.nii.gz'), '--json', ...(modelPath ? ['--model', modelPath] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`lungts segment failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { seconds: Record<string, number>; tiles: number };
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { seconds: j.seconds, tiles: j.tiles, peakMb: m ? Number(m[1]) / 1024 : NaN };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const modelArg = argv.indexOf('--model') >= 0 ? resolve(argv[argv.indexOf('--model') + 1]!) : undefined;
  const dir = join(tmpdir(), `lungts-bench-segment-${SEED}`);
  if (argv[0] === '--peer') return peer(argv[1]!, modelArg);
  if (!existsSync(join(REPO, 'dist', 'cli.js'))) throw new Error('build first: npm run build (npm run bench:segment does)');
  unwrap(loadRoleModel(modelArg, 'student'));
  process.stderr.write(`phantom ${SEED} (512 x 512 x ${SLICES}) in ${dir} ...\n`);
  await makePhantom(dir);
  const ct = unwrap(readNifti(join(dir, 'ct.nii.gz'))).volume;
  const ours = runSegment(dir, modelArg);
  const pr = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--peer', dir, ...(modelArg ? ['--model', modelArg] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (pr.status !== 0) throw new Error(`peer failed: ${pr.stderr}`);
  const p = JSON.parse(pr.stdout) as { load: number; resample: number; network: number; total: number; tiles: number; peakMb: number };
  const truth = unwrap(readMask(join(dir, 'tumor.nii.gz')));
  const pred = unwrap(readMask(join(dir, 'pred.nii.gz'), truth));
  const m = evaluateCase('bench', pred.data, truth.data, truth.dims);
  const s = ours.seconds;
  const f = (x: number | undefined) => (x === undefined ? '' : x.toFixed(2)).padStart(10);
  const rows: [string, number | undefined, number | undefined][] = [
    ['load CT', s.load, p.load], ['lung mask', s.lung_mask, undefined], ['crops / resample', s.crops, p.resample],
    ['network', s.network, p.network], ['paste back', s.paste_back, undefined], ['post-process', s.postprocess, undefined],
    ['write mask', s.write, undefined], ['total', s.total, p.total],
  ];
  console.log(`lungts segment on a ${ct.dims.join(' x ')} phantom (${ct.spacing.map((x) => x.toFixed(2)).join(' x ')} mm), ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}`);
  console.log(`${'stage'.padEnd(20)}${'ours s'.padStart(10)}${'peer s'.padStart(10)}   (peer: whole scan at 1 x 1 x 1.5 mm, no lung crops)`);
  for (const [name, a, b] of rows) console.log(`${name.padEnd(20)}${f(a)}${f(b)}`);
  console.log(`${'network tiles'.padEnd(20)}${String(ours.tiles).padStart(10)}${String(p.tiles).padStart(10)}`);
  console.log(`${'peak RSS MB'.padEnd(20)}${ours.peakMb.toFixed(0).padStart(10)}${p.peakMb.toFixed(0).padStart(10)}`);
  console.log(`result vs the phantom's truth: Dice ${m.dice.toFixed(3)}, ${m.tp_gt}/${m.gt_objects} tumours found, ${m.fp} false positive(s)`);
  console.log(JSON.stringify({
    total_s: s.total, peak_rss_mb: Math.round(ours.peakMb), stages_s: s, tiles: ours.tiles,
    peer_total_s: Math.round(p.total * 100) / 100, peer_peak_rss_mb: Math.round(p.peakMb), speedup_vs_whole_scan: Math.round((p.total / s.total!) * 100) / 100,
    dice: Math.round(m.dice * 1000) / 1000, f1: Math.round(m.f1 * 1000) / 1000, dims: ct.dims,
  }));
}

await main();
