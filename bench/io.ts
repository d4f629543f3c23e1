// Benchmark: load a 512x512x300 CT series, uncompressed and JPEG-lossless, beside dcm2niix on
// the same files in the same run. Not a test: it prints a table and ends with one JSON line.
//
//   npm run bench:io            (needs dcm2niix; dcmtk's dcmcjpeg for the JPEG-lossless copy:
//                                apt-get install -y dcm2niix dcmtk)
//
// The series is made from the 30 real Lung-PET-CT-Dx A0002 slices (../shared/data), repeated
// with rewritten positions and UIDs to 300 slices 1 mm apart.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCtSeries } from '../src/main/io/dicom/load-series';
import { editDicom, ds, ui } from '../test/main/io/dicom/helpers/edit-dicom';

const SLICES = 300;
const RUNS = 3;
const SOURCE = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834', '2.000000-ThoraxRoutine  8.0.0  B70f-62919'];

const SHARED_DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const sharedData = (...parts: string[]) => (existsSync(join(SHARED_DATA, ...parts)) ? join(SHARED_DATA, ...parts) : undefined);

const has = (cmd: string) => !spawnSync(cmd, ['--version']).error;

function makeSeries(dir: string): void {
  const src = sharedData(...SOURCE);
  if (!src) throw new Error(`bench:io needs ${SOURCE.join('/')} under ../shared/data`);
  const files = readdirSync(src).filter((f) => f.endsWith('.dcm')).sort();
  const originals = files.map((f) => readFileSync(join(src, f)));
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < SLICES; k++) {
    const uid = `1.2.826.0.1.3680043.2.1125.4242.${k + 1}`;
    const bytes = editDicom(originals[k % originals.length]!, {
      x00020003: ui(uid),
      x00080018: ui(uid),
      x0020000e: ui('1.2.826.0.1.3680043.2.1125.4242.0'),
      x00200013: { vr: 'IS', value: String(k + 1) },
      x00200032: ds([-173.1767578125, -294.1767578125, -150 + k]),
      x00201041: ds(-150 + k),
      x00180050: ds(1),
    });
    writeFileSync(join(dir, `slice${String(k).padStart(3, '0')}.dcm`), bytes);
  }
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds used by this process's finished children (Linux /proc), to compare work done regardless of other load on the machine. */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS; // cutime, cstime
  } catch {
    return NaN;
  }
}

function selfCpu(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

interface Timing {
  readonly wall: number;
  /** CPU seconds: the measure that other work on a shared machine does not distort. */
  readonly cpu: number;
}

async function timeOurs(dir: string): Promise<Timing> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = selfCpu() + childrenCpu();
    const loaded = await loadCtSeries(dir);
    walls.push((performance.now() - t0) / 1000);
    // Worker threads count in this process's CPU time.
    cpus.push(selfCpu() + childrenCpu() - c0);
    if (!loaded.ok) throw new Error(loaded.error);
    if (loaded.value.volume.dims[2] !== SLICES) throw new Error('wrong slice count');
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function timeCommand(cmd: string, args: string[]): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = childrenCpu();
    const p = spawnSync(cmd, args, { encoding: 'utf8' });
    walls.push((performance.now() - t0) / 1000);
    cpus.push(childrenCpu() - c0);
    if (p.status !== 0) throw new Error(`${cmd} failed: ${p.stderr || p.stdout}`);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lungts-bench-io-'));
  try {
    const plain = join(root, 'uncompressed');
    makeSeries(plain);
    const inputs: { name: string; dir: string }[] = [{ name: 'uncompressed (explicit LE)', dir: plain }];
    if (has('dcmcjpeg')) {
      const jpeg = join(root, 'jpeg-lossless');
      mkdirSync(jpeg);
      for (const f of readdirSync(plain)) {
        const p = spawnSync('dcmcjpeg', ['--encode-lossless-sv1', join(plain, f), join(jpeg, f)]);
        if (p.status !== 0) throw new Error(`dcmcjpeg failed on ${f}`);
      }
      inputs.push({ name: 'JPEG lossless SV1 (.70)', dir: jpeg });
    } else console.log('dcmcjpeg absent (apt-get install -y dcmtk): the JPEG-lossless row is skipped');
    const dcm2niix = has('dcm2niix');
    if (!dcm2niix) console.log('dcm2niix absent (apt-get install -y dcm2niix): its column is skipped');

    const rows: { input: string; mb: number; load: Timing; cli: Timing; peer: Timing | null }[] = [];
    for (const { name, dir } of inputs) {
      const mb = folderBytes(dir) / 1e6;
      await loadCtSeries(dir); // warm the page cache and the JIT before timing anyone
      const load = await timeOurs(dir);
      const out = join(root, 'out');
      mkdirSync(out, { recursive: true });
      const cli = timeCommand(process.execPath, ['bin/lungts.js', 'convert', dir, join(out, 'ours.nii')]);
      const peer = dcm2niix ? timeCommand('dcm2niix', ['-z', 'n', '-b', 'n', '-f', 'peer', '-o', out, dir]) : null;
      if (peer && statSync(join(out, 'peer.nii')).size < SLICES * 512 * 512 * 2) throw new Error('dcm2niix did not convert every slice');
      rows.push({ input: name, mb, load, cli, peer });
    }

    const pad = (s: string, n: number) => s.padEnd(n);
    const cell = (t: Timing | null, mb: number) => (t ? `${t.wall.toFixed(2)} s ${(mb / t.wall).toFixed(0)} MB/s cpu ${t.cpu.toFixed(2)} s` : 'n/a');
    console.log(`\nDICOM series load, ${SLICES} slices of 512x512 (median of ${RUNS} runs, warm page cache, load average ${loadavg()[0]!.toFixed(1)})`);
    console.log(`${pad('input', 28)}${pad('MB', 7)}${pad('lungts load (in process)', 34)}${pad('lungts convert (CLI)', 34)}dcm2niix -z n`);
    for (const r of rows) console.log(`${pad(r.input, 28)}${pad(r.mb.toFixed(1), 7)}${pad(cell(r.load, r.mb), 34)}${pad(cell(r.cli, r.mb), 34)}${cell(r.peer, r.mb)}`);
    console.log('load: scan + decode + HU in this process. convert and dcm2niix: a whole process, DICOM in, uncompressed .nii out');
    console.log('(lungts writes atomically with fsync; dcm2niix does not). cpu: CPU seconds, robust to other load on the machine.');
    const key: Record<string, number | null> = {};
    rows.forEach((r, n) => {
      const tag = n === 0 ? 'uncompressed' : 'jpegLossless';
      const f = (x: number | undefined) => (x === undefined ? null : +x.toFixed(3));
      Object.assign(key, {
        [`${tag}MB`]: f(r.mb), [`${tag}LoadS`]: f(r.load.wall), [`${tag}LoadCpuS`]: f(r.load.cpu), [`${tag}CliS`]: f(r.cli.wall), [`${tag}CliCpuS`]: f(r.cli.cpu),
        [`${tag}Dcm2niixS`]: f(r.peer?.wall), [`${tag}Dcm2niixCpuS`]: f(r.peer?.cpu),
      });
    });
    console.log(JSON.stringify({ bench: 'io', slices: SLICES, ...key }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
