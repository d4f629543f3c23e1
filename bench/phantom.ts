// Benchmark: generate a full 512x512x300 phantom case (1 mm slices) in this thread and on
// worker threads, beside two peers measured in the same run: a per-voxel evaluator of the same
// scene (what the generator would cost without plane painting and culling, extrapolated from
// a few slices) and writing the case as NIfTI (the I/O floor). Not a test: prints a table and
// ends with one JSON line.
//
//   npm run bench:phantom
//
// Numbers depend on the machine's load; the table prints the load average and a fixed
// reference loop so runs on a busy machine can be told from slow code.
//
// Realism peer: when ../shared/data holds Lung-PET-CT-Dx A0002, a phantom made like that scan
// (8 mm slices, soft kernel) is compared with its B40f series: share of voxels per HU band and
// the noise in air in front of the chest.
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCt } from '../src/main/io/load-ct';
import { reorient } from '../src/shared/volume/orientation';
import type { Volume } from '../src/shared/volume/volume';
import { samplePatient } from '../src/main/phantom/anatomy/patient';
import { buildScene } from '../src/main/phantom/build-scene';
import { generatePhantom, type PhantomCase } from '../src/main/phantom/generate';
import { insideShape } from '../src/main/phantom/point-test';
import { sampleProtocol } from '../src/main/phantom/protocol';
import { sliceGrid } from '../src/main/phantom/slice-render';
import { writePhantomCase } from '../src/main/phantom/write-case';
import { unwrap } from '../src/shared/result';

const SEED = 3;
const SLICES = 300;
const protocol = { slices: SLICES, sliceSpacing: 1, sliceThickness: 1, kernel: 'soft' as const };

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

async function timed(threads: number): Promise<{ wall: number; cpu: number; c: PhantomCase }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const c = unwrap(await generatePhantom({ seed: SEED, size: 'full', tumors: 2, threads, protocol }));
  return { wall: (performance.now() - t0) / 1000, cpu: cpuSeconds(c0), c };
}

/** The naive design: every voxel centre walks the painter's list with point-in-shape tests (no partial volume). */
function perVoxelSeconds(slices: number): number {
  const p = samplePatient(SEED);
  const pr = sampleProtocol(p, SEED, 'full', protocol);
  const scene = buildScene(p, { zBottom: pr.zBottom, zTop: pr.zBottom + SLICES, tumors: 2, minTumorMm: 5, treePoints: 2600, scanSeed: SEED, growth: 1 }).scene;
  const g = sliceGrid(pr);
  const hu = new Float32Array(g.nx * g.ny);
  const t0 = performance.now();
  for (let s = 0; s < slices; s++) {
    const z = pr.zBottom + (s + 0.5) * (SLICES / slices);
    for (let j = 0; j < g.ny; j++) {
      for (let i = 0; i < g.nx; i++) {
        let v = -1000;
        for (const l of scene.layers) if (insideShape(l.shape, g.x0 + i * g.dx, g.y0 + j * g.dy, z)) v = l.material.hu;
        hu[j * g.nx + i] = v;
      }
    }
  }
  return ((performance.now() - t0) / 1000 / slices) * SLICES;
}

/** A fixed amount of simple arithmetic: its time shows how busy the machine was. */
function referenceLoop(): number {
  const n = 512 * 512;
  const a = new Float32Array(n).map((_, i) => i % 7);
  const b = new Float32Array(n);
  const t0 = performance.now();
  for (let r = 0; r < 40; r++) for (let i = 1; i < n - 1; i++) b[i] = 0.25 * a[i - 1]! + 0.5 * a[i]! + 0.25 * a[i + 1]!;
  return performance.now() - t0;
}

const BANDS = [-1100, -950, -800, -600, -300, -150, -50, 0, 30, 60, 100, 200, 500, 3100];
const A0002 = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/lung-pet-ct-dx/Lung_Dx-A0002/04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834/3.000000-ThoraxRoutine  8.0.0  B40f-10983');

function bands(v: Volume): number[] {
  const c = new Array<number>(BANDS.length - 1).fill(0);
  for (const x of v.data) {
    for (let b = 0; b < BANDS.length - 1; b++) {
      if (x >= BANDS[b]! && x < BANDS[b + 1]!) {
        c[b]!++;
        break;
      }
    }
  }
  return c.map((x) => (100 * x) / v.data.length);
}

/** SD of HU in a 40x40 patch of air centred 40 px in front of the body's front edge on the middle slice. */
function airNoise(vIn: Volume): number {
  const v = reorient(vIn, 'LPS');
  const [nx, ny, nz] = v.dims;
  const k = Math.floor(nz / 2);
  const i0 = Math.floor(nx / 2) - 20;
  let front = 0;
  while (front < ny && v.data[Math.floor(nx / 2) + nx * (front + ny * k)]! < -500) front++;
  const j0 = Math.max(0, Math.floor(front / 2) - 20);
  const vals: number[] = [];
  for (let j = j0; j < j0 + 40; j++) for (let i = i0; i < i0 + 40; i++) vals.push(v.data[i + nx * (j + ny * k)]!);
  const m = vals.reduce((a, b) => a + b, 0) / vals.length;
  return Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / vals.length);
}

async function realism(): Promise<{ real: number[]; phantom: number[]; realNoise: number; phantomNoise: number } | undefined> {
  if (!existsSync(A0002)) return undefined;
  const real = unwrap(await loadCt(A0002)).volume;
  const ph = unwrap(await generatePhantom({ seed: 18, size: 'full', tumors: 1, protocol: { sliceSpacing: 8, kernel: 'soft' } })).ct;
  return { real: bands(real), phantom: bands(ph), realNoise: airNoise(real), phantomNoise: airNoise(ph) };
}

const hash = (c: PhantomCase) => createHash('sha256').update(c.ct.data).update(c.tumor.data).update(c.lungs.data).digest('hex').slice(0, 16);

const threads = Math.max(2, Math.min(8, availableParallelism()));
const load = loadavg()[0]!;
const refMs = referenceLoop();
// One small warm-up so JIT compilation is not billed to the first full run.
await generatePhantom({ seed: 1, size: 'small', tumors: 1 });
const small = await (async () => {
  const t0 = performance.now();
  const c = unwrap(await generatePhantom({ seed: SEED, size: 'small', tumors: 2 }));
  return { wall: (performance.now() - t0) / 1000, dims: c.ct.dims };
})();
const one = await timed(1);
const many = await timed(threads);
const dir = mkdtempSync(join(tmpdir(), 'lungts-bench-phantom-'));
const w0 = performance.now();
unwrap(writePhantomCase(dir, one.c, { format: 'nifti' }));
const writeSeconds = (performance.now() - w0) / 1000;
rmSync(dir, { recursive: true, force: true });
const naive = perVoxelSeconds(2);
const look = await realism();
const same = hash(one.c) === hash(many.c);

const rows: [string, string, string][] = [
  ['small case (160x160x' + small.dims[2] + ', 1 thread)', `${small.wall.toFixed(2)} s`, ''],
  [`full case 512x512x${SLICES}, 1 thread`, `${one.wall.toFixed(1)} s`, `cpu ${one.cpu.toFixed(1)} s`],
  [`full case 512x512x${SLICES}, ${threads} threads`, `${many.wall.toFixed(1)} s`, `same bytes: ${same}`],
  ['peer: per-voxel point tests (extrapolated)', `${naive.toFixed(0)} s`, `${(naive / one.wall).toFixed(0)}x slower`],
  ['peer: writing ct/tumor/lungs .nii.gz', `${writeSeconds.toFixed(1)} s`, ''],
  ['machine: load average / reference loop', `${load.toFixed(1)}`, `${refMs.toFixed(0)} ms`],
];
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`phantom generation (seed ${SEED}, soft kernel, 1 mm slices, ${availableParallelism()} cores)`);
for (const [a, b, c] of rows) console.log(`  ${a.padEnd(width)}  ${b.padStart(8)}  ${c}`);
if (look) {
  console.log('\nHU bands, % of voxels: real A0002 B40f (8 mm) vs phantom seed 18 (8 mm, soft kernel)');
  console.log(`  band from  ${BANDS.slice(0, -1).map((b) => String(b).padStart(6)).join('')}`);
  console.log(`  A0002      ${look.real.map((x) => x.toFixed(1).padStart(6)).join('')}`);
  console.log(`  phantom    ${look.phantom.map((x) => x.toFixed(1).padStart(6)).join('')}`);
  console.log(`  air noise SD: A0002 ${look.realNoise.toFixed(1)} HU, phantom ${look.phantomNoise.toFixed(1)} HU`);
} else console.log('\n(realism peer skipped: ../shared/data has no Lung-PET-CT-Dx A0002)');
console.log(JSON.stringify({
  bench: 'phantom', slices: SLICES, matrix: 512, smallSeconds: +small.wall.toFixed(3),
  fullSeconds1Thread: +one.wall.toFixed(2), fullCpuSeconds1Thread: +one.cpu.toFixed(2),
  threads, fullSecondsThreads: +many.wall.toFixed(2), sameBytesAcrossThreads: same,
  perVoxelPeerSeconds: +naive.toFixed(1), writeNiftiSeconds: +writeSeconds.toFixed(2),
  loadAverage: +load.toFixed(2), referenceLoopMs: +refMs.toFixed(1),
  ...(look ? { airNoiseA0002: +look.realNoise.toFixed(1), airNoisePhantom: +look.phantomNoise.toFixed(1), bandL1A0002VsPhantom: +look.real.reduce((a, x, b) => a + Math.abs(x - look.phantom[b]!), 0).toFixed(1) } : {}),
}));
