// The exact recipe of the models shipped in resources/models (teacher.onnx, student-so.onnx):
//   node scripts/train-shipped-models.mjs [WORK_DIR]        (default out/shipped-models)
// 1. full-size phantoms through `lungts phantom` (slice spacing cycling 1..5 mm by seed):
//    10 strong patients, 38 weak (boxes only; their masks held out), 12 fresh test patients;
// 2. a dataset manifest over them;
// 3. `lungts pipeline` (Algorithm 1: teacher, pseudo-labels, baseline/SO/DO students, held-out
//    test scores, report) with the configuration below;
// 4. the run's teacher and SO student copied with their model cards into resources/models.
// Every step resumes: re-running after an interruption continues where it stopped. On 2 CPU
// cores the whole recipe takes several hours (phantoms ~1 h, teacher ~1 h, students ~1 h each).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'bin', 'lungts.js');
const WORK = resolve(process.argv[2] ?? join(REPO, 'out', 'shipped-models'));
const SPACINGS = [1, 1.25, 1.5, 2, 2.5, 3, 5];
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
export const SEEDS = {
  strong: [...range(1000, 1004), ...range(1024, 1028)],
  weak: [...range(1005, 1023), ...range(1029, 1047)],
  test: range(2000, 2011),
};
/** The run configuration (merged into the pipeline's defaults; see docs/pipeline.md for why each differs from the paper). */
export const CONFIG = {
  seed: 7,
  teacher: { patch: [96, 96, 96], jitter: 12, accumulate: 8, lr: 0.001, bceWeight: 1, maxEpochs: 60, patience: 12, minEpochPatches: 64, checkpointEvery: 2 },
  student: { patch: [96, 96, 64], accumulate: 8, lr: 0.001, bceWeight: 1, priorProb: 0.01, maxEpochs: 30, patience: 8, minEpochPatches: 96, checkpointEvery: 2, backgroundFraction: 0.33 },
  threads: 2,
};

function lungts(...args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`lungts ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout;
}

function phantoms() {
  const dir = join(WORK, 'phantoms');
  const cases = [];
  for (const [role, seeds] of Object.entries(SEEDS)) {
    for (const seed of seeds) {
      const out = join(dir, `seed-${seed}`);
      if (!existsSync(join(out, 'case.json'))) {
        process.stderr.write(`phantom ${seed} (${role})\n`);
        lungts('phantom', '--seed', String(seed), '--size', 'full', '--slice-spacing', String(SPACINGS[seed % SPACINGS.length]), '--out', out);
      }
      const info = JSON.parse(readFileSync(join(out, 'case.json'), 'utf8'));
      const rel = (f) => relative(WORK, join(out, f));
      cases.push({
        id: `S${seed}`, patientId: `P${seed}`, role, scan: 0, ct: rel('ct.nii.gz'), lungs: rel('lungs.nii.gz'), boxes: rel('boxes.json'),
        ...(role === 'weak' ? { heldOutMask: rel('tumor.nii.gz') } : { mask: rel('tumor.nii.gz') }),
        dims: info.grid.dims, spacing: info.grid.spacing,
        tumors: info.tumors.filter((t) => t.label > 0).map((t) => ({ label: t.label, voxels: t.voxels, diameterMm: t.diameterMm })),
      });
    }
  }
  const manifest = join(WORK, 'train-set.json');
  writeFileSync(manifest, JSON.stringify({ format: 'lungts-dataset', version: 1, generator: 'lungts phantom (scripts/train-shipped-models.mjs)', cases }, null, 1));
  return manifest;
}

if (!existsSync(join(REPO, 'dist', 'cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: REPO, stdio: 'inherit' });
mkdirSync(WORK, { recursive: true });
const manifest = phantoms();
const configPath = join(WORK, 'config.json');
writeFileSync(configPath, JSON.stringify(CONFIG, null, 2));
const run = join(WORK, 'run');
const result = JSON.parse(lungts('pipeline', '--manifest', manifest, '--out', run, '--config', configPath, '--json'));
const models = join(REPO, 'resources', 'models');
mkdirSync(models, { recursive: true });
for (const name of ['teacher', 'student-so']) {
  for (const ext of ['.onnx', '.card.json']) copyFileSync(join(run, 'models', `${name}${ext}`), join(models, `${name}${ext}`));
}
console.log(readFileSync(result.report, 'utf8').split('\n').filter((l) => l.startsWith('|')).join('\n'));
console.log(`\nshipped models updated in ${models}; run directory ${run}`);
