// The recipe of the models shipped in resources/models (teacher.onnx, student.onnx):
//   node scripts/train-shipped-models.mjs [WORK_DIR]        (default out/shipped-models)
// 1. full-size phantoms through `lungts phantom` (slice spacing cycling 1..5 mm by seed):
//    10 strong patients, 38 weak (boxes only; their masks held out), 12 fresh test patients,
//    and a second manifest where the 38 weak patients are strong (their masks used): the
//    shipped models are trained on all 48 phantoms with masks, the test patients never seen;
// 2. teacher, stage 1: the 10-strong manifest (8 train, 2 validation), TEACHER_1, 67 epochs;
// 3. teacher, stage 2: fine-tuned from stage 1's best checkpoint on the 48-phantom manifest,
//    TEACHER_2, 35 epochs (each held-out score is computed by `lungts train` at the end);
// 4. student: the baseline variant (masks only, no pseudo-labels: every training phantom has
//    its mask), student-small from scratch on the 48 phantoms plus 100 more (seeds 5000-5099,
//    made as above): 136 train, 12 validation, STUDENT (soft Dice smooth 100 voxels with BCE,
//    40 % of the patches at random lung positions, against false positives), 20 epochs; the
//    prepared-case cache is raised (LUNGTS_CACHE_MB) so all 148 stay in memory;
// 5. the models copied with their model cards into resources/models;
// 6. the student's post-processing chosen on 14 validation phantoms never trained on (seeds
//    3000-3013, made as above): scripts/postprocess-sweep.ts scores threshold x smallest
//    component x lowest peak (x lung filter, which the choice leaves off: it drops masses on the
//    mediastinum that the lung mask leaves out), and the plain (unmirrored) setting with the best
//    F1 among those whose mean Dice is no lower than the paper's (0.5, no filter) goes into its card
//    (scripts/set-postprocess.ts), which `lungts segment` then applies by default;
// 7. the student scored once with that choice on the 12 test phantoms (`lungts evaluate-set`), the
//    figures written into its card (scripts/set-card-test.ts).
// The student before 2026-12-03 (trained on the 48 alone, in three fine-tuning stages) was made by
// this script as of commit 5cd2039.
// Every step resumes: re-running after an interruption continues where it stopped. On 2 CPU
// cores: phantoms ~1 h (the 100 more ~20 min), teacher stage 1 ~1 h, stage 2 ~30 min, student
// ~1.3 h with 24 GB of memory (~20 min preparing the cases, ~19 GB of cache), its sweep 15-30 min
// (1-2 min a phantom), its test ~10 min. Threads change float summation order, so a rerun matches
// the shipped weights closely, not bit for bit.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
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
const VALIDATION = range(3000, 3013);
/** Strong phantoms only the student trains on (2026-12-03: the 48 alone left it far below its targets). */
const EXTRA = range(5000, 5099);
const TEACHER_1 = {
  seed: 7, threads: 2,
  teacher: { patch: [96, 96, 96], jitter: 12, accumulate: 8, lr: 0.001, maxEpochs: 67, patience: 12, minEpochPatches: 64, checkpointEvery: 2 },
};
const TEACHER_2 = {
  seed: 7, threads: 2,
  teacher: { patch: [96, 96, 96], jitter: 12, accumulate: 2, lr: 0.0005, maxEpochs: 35, patience: 30, minEpochPatches: 128, checkpointEvery: 2 },
};
const STUDENT = {
  seed: 7, threads: 2, students: ['baseline'], split: { test: 0.15, val: 0.08 },
  student: { preset: 'student-small', patch: [96, 96, 64], accumulate: 2, lr: 0.0005, bceWeight: 1, diceSmooth: 100, priorProb: 0.01, maxEpochs: 20, patience: 25, minEpochPatches: 96, checkpointEvery: 1, backgroundFraction: 0.4 },
};

/** Runs node with these arguments in the repository, stderr shown; returns stdout, throws on failure. */
function node(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
  return r.stdout;
}

const lungts = (...args) => node([CLI, ...args], `lungts ${args.join(' ')}`);
/** A full-size phantom, slice spacing cycling by seed. */
const phantom = (seed, out) => lungts('phantom', '--seed', String(seed), '--size', 'full', '--slice-spacing', String(SPACINGS[seed % SPACINGS.length]), '--out', out);
const tsx = (script, ...args) => node(['--import', 'tsx', join(REPO, 'scripts', script), ...args], `${script} ${args.join(' ')}`);

function phantoms() {
  const dir = join(WORK, 'phantoms');
  const cases = [];
  for (const [role, seeds] of [...Object.entries(SEEDS), ['extra', EXTRA]]) {
    for (const seed of seeds) {
      const out = join(dir, `seed-${seed}`);
      if (!existsSync(join(out, 'case.json'))) {
        process.stderr.write(`phantom ${seed} (${role})\n`);
        phantom(seed, out);
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
  const write = (name, cs) => {
    const path = join(WORK, name);
    writeFileSync(path, JSON.stringify({ format: 'lungts-dataset', version: 1, generator: 'lungts phantom (scripts/train-shipped-models.mjs)', cases: cs }, null, 1));
    return path;
  };
  const base = cases.filter((c) => c.role !== 'extra');
  const promoted = base.map(({ heldOutMask, ...c }) => (c.role === 'weak' ? { ...c, role: 'strong', mask: heldOutMask } : c));
  const extra = cases.filter((c) => c.role === 'extra').map((c) => ({ ...c, role: 'strong' }));
  // One test case, as in the shipped run: it keeps `lungts train` from holding strong cases out as
  // test, and step 7 scores all 12 with the card's post-processing (scoring them here too, threshold
  // only, would take ~8 min for figures that are then replaced).
  const student = [...promoted.filter((c) => c.role !== 'test' || c.id === `S${SEEDS.test[0]}`), ...extra];
  return { scarce: write('train-set.json', base), all: write('train-set-all.json', promoted), student: write('train-set-148.json', student) };
}

/** Step 6: the validation phantoms, the sweep (resumable per seed), the best plain setting written into the card. */
function choosePostprocess(modelPath) {
  const dir = join(WORK, 'validation');
  // A new name since the grid gained the lung filter: a sweep file from before lacks its rows.
  const sweep = join(WORK, 'postprocess-sweep-lungs.jsonl');
  const done = existsSync(sweep) ? new Set(readFileSync(sweep, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).seed)) : new Set();
  for (const seed of VALIDATION) {
    const out = join(dir, `seed-${seed}`);
    if (!existsSync(join(out, 'case.json'))) phantom(seed, out);
    // The sweep writes a seed's lines at its end: a seed cut short has none and is scored again.
    if (!done.has(seed)) tsx('postprocess-sweep.ts', 'run', dir, sweep, String(seed), '--model', modelPath, '--plain-only');
  }
  const lines = tsx('postprocess-sweep.ts', 'summary', sweep).trim().split('\n');
  const best = JSON.parse(lines[lines.length - 1]).best_plain;
  const basis = `best F1 without a lower mean Dice than threshold 0.5 unfiltered, plain pass, validation phantoms S3000-S3013 (scripts/postprocess-sweep.ts): F1 ${best.f1.toFixed(3)}, Dice ${best.dice.toFixed(3)}, ${best.found} tumours found, ${best.fp} false positives`;
  tsx('set-postprocess.ts', modelPath, '--threshold', String(best.thr), '--min-volume', String(best.minMl), '--min-peak', String(best.minPeak), '--basis', basis);
  return best;
}

/** Step 7: the test phantoms scored with the card's post-processing, the figures written into the card. */
function scoreTest(modelPath, manifest) {
  const ev = join(WORK, 'student-test.json');
  writeFileSync(ev, lungts('evaluate-set', '--manifest', manifest, '--role', 'student', '--model', modelPath, '--out', join(WORK, 'eval-student-test'), '--json'));
  tsx('set-card-test.ts', modelPath, ev);
  return JSON.parse(readFileSync(ev, 'utf8')).summary;
}

function stage(name, config, args) {
  const path = join(WORK, `${name}.config.json`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return JSON.parse(lungts(...args, '--out', join(WORK, name), '--config', path, '--json'));
}

if (!existsSync(join(REPO, 'dist', 'cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs', '--no-renderer'], { cwd: REPO, stdio: 'inherit' });
mkdirSync(WORK, { recursive: true });
// The student's 148 prepared phantoms (~19 GB) must stay in the cache: re-reading a bundle per
// patch makes a patch ~6x slower. The default cap is a quarter of memory.
process.env.LUNGTS_CACHE_MB ??= String(Math.floor((0.77 * totalmem()) / 2 ** 20));
const sets = phantoms();
stage('run-teacher-1', TEACHER_1, ['train', 'teacher', '--manifest', sets.scarce]);
const teacher = stage('run-teacher', TEACHER_2, ['train', 'teacher', '--manifest', sets.all, '--init', join(WORK, 'run-teacher-1', 'teacher', 'best.ckpt')]);
const student = stage('run-student-148', STUDENT, ['train', 'student', '--variant', 'baseline', '--manifest', sets.student]);
const models = join(REPO, 'resources', 'models');
mkdirSync(models, { recursive: true });
for (const [from, to] of [[teacher, 'teacher'], [student, 'student']]) {
  copyFileSync(from.model, join(models, `${to}.onnx`));
  copyFileSync(from.card, join(models, `${to}.card.json`));
}
const post = choosePostprocess(join(models, 'student.onnx'));
const test = scoreTest(join(models, 'student.onnx'), sets.all);
console.log(JSON.stringify({ teacher: teacher.test, student: test, student_postprocess: post }));
console.log(`shipped models updated in ${models}`);
