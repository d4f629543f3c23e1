// Benchmark: preprocessing of a 512x512x300 CT: resampling to 1 x 1 x 1.5 mm (kernel pool and
// calling thread, beside scipy.ndimage.zoom when /usr/bin/python3 has scipy), the lung mask,
// the student and teacher crops, and the whole chain. Not a test: it prints a table and ends
// with one JSON line.
//
//   npm run bench:preprocess          (optional peer: apt-get install -y python3-scipy)
//
// The CT is the real Lung-PET-CT-Dx A0002 scan (512 x 512 x 30, 8 mm) interpolated through
// geometry to 300 slices of 0.8 mm over the same 240 mm, with its real tumour boxes. Every stage
// runs in its own child process so each one's peak memory (max RSS, CT included) is its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCt } from '../src/main/io/load-ct';
import { readNifti } from '../src/main/io/nifti/read';
import { writeNifti } from '../src/main/io/nifti/write';
import { readBoxSet, writeBoxSet } from '../src/main/io/boxes/box-json';
import { readVocBoxes } from '../src/main/io/boxes/voc-read';
import { computeLungMask } from '../src/main/preprocess/lung-mask/compute';
import { resampleOnto, resampleToSpacing } from '../src/main/preprocess/resample';
import { studentCrops } from '../src/main/preprocess/student-crops';
import { teacherCrop } from '../src/main/preprocess/teacher-crop';
import { ctStats } from '../src/main/preprocess/normalize';
import { unwrap } from '../src/shared/result';
import { kernelPool } from '../src/main/parallel/pool';
import { createGeometry } from '../src/shared/volume/geometry';
import type { Mask } from '../src/shared/volume/volume';

const SLICES = 300;
const STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
const SERIES = '3.000000-ThoraxRoutine  8.0.0  B40f-10983';
const HERE = dirname(fileURLToPath(import.meta.url));
const SHARED_DATA = resolve(HERE, '../../shared/data');
const PYTHON = '/usr/bin/python3';

interface StageResult { seconds: number; cpuSeconds?: number; peakMb: number; note?: string }

async function makeInputs(dir: string): Promise<void> {
  const src = join(SHARED_DATA, ...STUDY, SERIES);
  if (!existsSync(src)) throw new Error(`bench:preprocess needs ${src}`);
  const loaded = unwrap(await loadCt(src));
  const ct = loaded.volume;
  const zMm = ct.dims[2] * ct.spacing[2];
  const target = unwrap(createGeometry({
    dims: [ct.dims[0], ct.dims[1], SLICES],
    spacing: [ct.spacing[0], ct.spacing[1], zMm / SLICES],
    origin: [ct.origin[0], ct.origin[1], ct.origin[2] - ct.spacing[2] / 2 + zMm / SLICES / 2],
    direction: ct.direction,
  }));
  const big = await resampleOnto(ct, target, 'linear', { outType: 'int16', fill: -1024 });
  writeNifti(join(dir, 'ct.nii'), big);
  writeFileSync(join(dir, 'ct.raw'), Buffer.from(big.data.buffer, big.data.byteOffset, big.data.byteLength));
  const boxes = unwrap(readVocBoxes(join(SHARED_DATA, 'lung-pet-ct-dx', 'Annotation', 'A0002'), loaded.dicom!)).set;
  unwrap(writeBoxSet(join(dir, 'boxes.json'), boxes));
}

/** One stage in this process (the child): prints {seconds, peakMb}. */
async function runStage(stage: string, dir: string): Promise<void> {
  // On shared memory, as the CLI loads a CT: the kernel workers read it without a copy.
  const ct = unwrap(readNifti(join(dir, 'ct.nii'), { shared: true })).volume;
  const lungsFile = join(dir, 'lungs.nii');
  // Worker threads start before the clock, as in the workstation's long-lived process; a cold
  // start of the built workers adds a few tens of milliseconds, from source (tsx) much more.
  if (stage !== 'resample-main') await kernelPool().warm();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let note = '';
  if (stage === 'resample-pool' || stage === 'resample-main') {
    const r = await resampleToSpacing(ct, [1, 1, 1.5], 'linear', { threads: stage === 'resample-main' ? 'main' : 'auto' });
    note = `${r.dims.join('x')} float32`;
  } else if (stage === 'lungmask') {
    const r = unwrap(await computeLungMask(ct));
    note = `right ${r.stats.rightMl} mL, left ${r.stats.leftMl} mL`;
    const elapsed = performance.now() - t0;
    writeNifti(lungsFile, r.mask);
    return report(elapsed, note);
  } else if (stage === 'crops') {
    const lungs = unwrap(readNifti(lungsFile)).volume as Mask;
    const boxes = unwrap(readBoxSet(join(dir, 'boxes.json')));
    const t1 = performance.now();
    const s = unwrap(await studentCrops(ct, lungs));
    const t = unwrap(await teacherCrop(ct, boxes, 1, { stats: s.stats }));
    note = `student ${s.crops.map((c) => c.input.dims.join('x')).join(' + ')}, teacher ${t.ct.dims.join('x')} x 2`;
    return report(performance.now() - t1, note);
  } else if (stage === 'all') {
    const boxes = unwrap(readBoxSet(join(dir, 'boxes.json')));
    const t1 = performance.now();
    const stats = ctStats(ct);
    const lungs = unwrap(await computeLungMask(ct));
    const s = unwrap(await studentCrops(ct, lungs.mask, { stats }));
    unwrap(await teacherCrop(ct, boxes, 1, { stats }));
    note = `stats + lung mask + ${s.crops.length} student crops + teacher crop`;
    return report(performance.now() - t1, note);
  }
  report(performance.now() - t0, note);

  function report(ms: number, text: string): void {
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(JSON.stringify({ seconds: ms / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMb, note: text }) + '\n');
  }
}

function child(stage: string, dir: string): StageResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--stage', stage, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`stage ${stage} failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as StageResult;
}

function scipyPeer(dir: string): StageResult | undefined {
  const script = `
import numpy as np, time, resource, sys
from scipy import ndimage
d = sys.argv[1]
v = np.fromfile(d + '/ct.raw', dtype=np.int16).reshape(${SLICES}, 512, 512).astype(np.float32)
sp = [${'SPACING'}]
t = time.perf_counter()
out = ndimage.zoom(v, (sp[2] / 1.5, sp[1] / 1.0, sp[0] / 1.0), order=1, grid_mode=True, mode='nearest')
s = time.perf_counter() - t
print('{"seconds": %f, "peakMb": %f, "note": "%s float32"}' % (s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'x'.join(map(str, out.shape[::-1]))))
`;
  const ct = unwrap(readNifti(join(dir, 'ct.nii'))).volume;
  const r = spawnSync(PYTHON, ['-c', script.replace('SPACING', ct.spacing.join(', ')), dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout.trim()) as StageResult;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--stage');
  if (at >= 0) return runStage(process.argv[at + 1]!, process.argv[at + 2]!);
  const dir = mkdtempSync(join(tmpdir(), 'lungts-bench-preprocess-'));
  try {
    await makeInputs(dir);
    const rows: [string, StageResult | undefined][] = [];
    rows.push(['resample 1x1x1.5, kernel pool', child('resample-pool', dir)]);
    rows.push(['resample 1x1x1.5, calling thread only', child('resample-main', dir)]);
    rows.push(['peer: scipy.ndimage.zoom order=1 (1 thread)', scipyPeer(dir)]);
    rows.push(['lung mask', child('lungmask', dir)]);
    rows.push(['crops: 2 student + 1 teacher', child('crops', dir)]);
    rows.push(['whole preprocessing', child('all', dir)]);
    console.log(`preprocessing a ${512}x${512}x${SLICES} CT (A0002 interpolated to 0.8 mm slices), ${os()} \n`);
    console.log(`${'stage'.padEnd(46)} ${'seconds'.padStart(8)} ${'cpu s'.padStart(8)} ${'peak MB'.padStart(8)}  note`);
    for (const [name, r] of rows) {
      const cpu = r?.cpuSeconds !== undefined ? r.cpuSeconds.toFixed(2) : '';
      console.log(`${name.padEnd(46)} ${r ? r.seconds.toFixed(2).padStart(8) : '     n/a'} ${cpu.padStart(8)} ${r ? r.peakMb.toFixed(0).padStart(8) : '     n/a'}  ${r?.note ?? 'python3 with scipy not found'}`);
    }
    console.log('(seconds: wall clock; cpu s: all threads together, so on an otherwise idle machine wall >= cpu / cores)');
    const all = rows[5]![1]!;
    console.log(`\ntarget on 2 cores: whole preprocessing < 5 s and < 1.5 GB; measured ${all.seconds.toFixed(2)} s, ${all.peakMb.toFixed(0)} MB (CT itself ${(512 * 512 * SLICES * 2 / 2 ** 20).toFixed(0)} MB)`);
    const key = (r: StageResult | undefined) => (r ? Math.round(r.seconds * 1000) / 1000 : null);
    const mem = (r: StageResult | undefined) => (r ? Math.round(r.peakMb) : null);
    console.log(JSON.stringify({
      bench: 'preprocess', dims: [512, 512, SLICES], cores: os(),
      resample_pool_s: key(rows[0]![1]), resample_main_s: key(rows[1]![1]), scipy_zoom_s: key(rows[2]![1]),
      lungmask_s: key(rows[3]![1]), lungmask_peak_mb: mem(rows[3]![1]), crops_s: key(rows[4]![1]),
      all_s: key(all), all_cpu_s: all.cpuSeconds !== undefined ? Math.round(all.cpuSeconds * 1000) / 1000 : null, all_peak_mb: mem(all),
      load_average: Math.round(loadavg()[0]! * 10) / 10,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function os(): string {
  return `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`;
}

await main();
