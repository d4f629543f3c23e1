// `npm run demo`: generates a full-size synthetic thorax CT (512 x 512, a few hundred slices)
// with known tumours, segments it with the shipped student (no input but the CT), turns its
// boxes into a mask with the shipped teacher, scores both against the phantom's exact truth,
// renders a picture, and prints where everything is. Everything runs through the `lungts` CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'bin', 'lungts.js');
const OUT = resolve(process.argv[2] ?? join(REPO, 'out', 'demo'));
const SEED = Number(process.env.LUNGTS_DEMO_SEED ?? 2024);

function lungts(label, ...args) {
  process.stderr.write(`\n$ lungts ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(`demo: ${label} failed (exit ${r.status})\n`);
    process.exit(1);
  }
  process.stderr.write(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return JSON.parse(r.stdout);
}

if (!existsSync(join(REPO, 'dist', 'cli.js'))) {
  process.stderr.write('demo: build first (npm run demo builds, then runs this script)\n');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const started = Date.now();
const ph = join(OUT, 'phantom');
const phantom = lungts('phantom', 'phantom', '--seed', String(SEED), '--size', 'full', '--tumors', '2', '--out', ph);
const seg = lungts('student', 'segment', join(ph, 'ct.nii.gz'), '-o', join(OUT, 'student-mask.nii.gz'), '--lungs-out', join(OUT, 'lungs.nii.gz'));
const evS = lungts('evaluate student', 'evaluate', '--pred', join(OUT, 'student-mask.nii.gz'), '--gt', join(ph, 'tumor.nii.gz'));
const tea = lungts('teacher', 'teacher', join(ph, 'ct.nii.gz'), '--boxes', join(ph, 'boxes.json'), '-o', join(OUT, 'teacher-mask.nii.gz'));
const evT = lungts('evaluate teacher', 'evaluate', '--pred', join(OUT, 'teacher-mask.nii.gz'), '--gt', join(ph, 'tumor.nii.gz'));
lungts('snapshot', 'snapshot', join(ph, 'ct.nii.gz'), '-o', join(OUT, 'student.png'), '--mask', join(OUT, 'student-mask.nii.gz'), '--view', 'all', '--at', 'tumor');

const f = (x) => (x === null || x === undefined ? 'n/a' : Number(x).toFixed(3));
const dims = phantom.dims ?? phantom.ct?.dims;
console.log(`\nLungTS demo (${((Date.now() - started) / 1000).toFixed(0)} s) — synthetic phantom seed ${SEED}${dims ? `, ${dims.join(' x ')} voxels` : ''}`);
console.log(`student (automatic): ${seg.tumour_count} finding(s) in ${seg.seconds.total} s; Dice ${f(evS.dice)}, found ${evS.tp_gt} of ${evS.gt_objects} tumour(s), ${evS.fp} false positive(s), F1 ${f(evS.f1)}`);
for (const t of seg.tumours.slice(0, 5)) console.log(`  #${t.id} ${t.side} lung: ${t.volume_ml} ml, longest axial diameter ${t.longest_axial_mm} mm, centroid (${t.centroid_mm.join(', ')}) mm LPS`);
console.log(`teacher (from the boxes): Dice ${f(evT.dice)}, confidence ${f(tea.confidence)}`);
console.log(`\noutputs in ${OUT}:`);
console.log(`  phantom/ct.nii.gz, phantom/tumor.nii.gz (truth), phantom/boxes.json`);
console.log(`  student-mask.nii.gz, teacher-mask.nii.gz, lungs.nii.gz (all on the CT's grid), student.png`);
console.log('the shipped models were trained on synthetic phantoms only: for demonstration, not for clinical use.');
