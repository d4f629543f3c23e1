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
import { tmpdir } from 'node:os';
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function timeOurs(dir: string): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const loaded = await loadCtSeries(dir);
    times.push((performance.now() - t0) / 1000);
    if (!loaded.ok) throw new Error(loaded.error);
    if (loaded.value.volume.dims[2] !== SLICES) throw new Error('wrong slice count');
  }
  return median(times);
}

function timeCommand(cmd: string, args: string[], cwd?: string): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const p = spawnSync(cmd, args, { encoding: 'utf8', ...(cwd ? { cwd } : {}) });
    times.push((performance.now() - t0) / 1000);
    if (p.status !== 0) throw new Error(`${cmd} failed: ${p.stderr || p.stdout}`);
  }
  return median(times);
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

    const rows: Record<string, number | string | null>[] = [];
    for (const { name, dir } of inputs) {
      const mb = folderBytes(dir) / 1e6;
      await loadCtSeries(dir); // warm the page cache and the JIT before timing anyone
      const ours = await timeOurs(dir);
      const out = join(root, 'out');
      mkdirSync(out, { recursive: true });
      const cli = timeCommand(process.execPath, ['bin/lungts.js', 'convert', dir, join(out, 'ours.nii')]);
      const peer = dcm2niix ? timeCommand('dcm2niix', ['-z', 'n', '-b', 'n', '-f', 'peer', '-o', out, dir]) : null;
      rows.push({ input: name, mb: +mb.toFixed(1), oursLoadS: +ours.toFixed(3), oursCliS: +cli.toFixed(3), dcm2niixS: peer === null ? null : +peer.toFixed(3) });
    }

    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`\nDICOM series load, ${SLICES} slices of 512x512 (median of ${RUNS} runs, warm page cache)`);
    console.log(`${pad('input', 28)}${pad('MB', 8)}${pad('lungts load (s, MB/s)', 24)}${pad('lungts convert CLI (s, MB/s)', 30)}dcm2niix -z n (s, MB/s)`);
    for (const r of rows) {
      const cell = (s: number | string | null) => (typeof s === 'number' ? `${s.toFixed(3)}  ${((r.mb as number) / s).toFixed(0)}` : 'n/a');
      console.log(`${pad(String(r.input), 28)}${pad(String(r.mb), 8)}${pad(cell(r.oursLoadS!), 24)}${pad(cell(r.oursCliS!), 30)}${cell(r.dcm2niixS!)}`);
    }
    console.log('(load: in-process scan + decode + HU; convert CLI and dcm2niix: whole process, DICOM in, uncompressed .nii out)');
    const key = Object.fromEntries(rows.flatMap((r, n) => {
      const tag = n === 0 ? 'uncompressed' : 'jpegLossless';
      return [[`${tag}LoadS`, r.oursLoadS], [`${tag}CliS`, r.oursCliS], [`${tag}Dcm2niixS`, r.dcm2niixS], [`${tag}MB`, r.mb]];
    }));
    console.log(JSON.stringify({ bench: 'io', slices: SLICES, ...key }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
