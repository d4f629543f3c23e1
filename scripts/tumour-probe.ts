// Per-tumour figures of a probability map (`lungts segment CT -o P --threshold -1`) against a
// labelled tumour mask (a phantom's tumor.nii.gz: label n = tumour n), both on the CT's grid:
// each tumour's volume, highest and mean probability and share over 0.5, and the voxels over
// 0.5 outside every tumour. It tells a tumour the network never marks (highest p ~ 0) from one
// a threshold or a component filter loses.
//
//   node --import tsx scripts/tumour-probe.ts PROB.nii.gz TUMOURS.nii.gz
import { readNifti } from '../src/main/io/nifti/read';
import { unwrap } from '../src/shared/result';

const [probPath, labelPath] = process.argv.slice(2);
if (!probPath || !labelPath) {
  process.stderr.write('usage: tumour-probe.ts PROB.nii.gz TUMOURS.nii.gz\n');
  process.exit(2);
}
const prob = unwrap(readNifti(probPath)).volume;
const label = unwrap(readNifti(labelPath)).volume;
if (prob.data.length !== label.data.length) throw new Error(`${probPath} and ${labelPath} are not on one grid (${prob.data.length} and ${label.data.length} voxels)`);
const voxelMl = (label.spacing[0] * label.spacing[1] * label.spacing[2]) / 1000;
const stats = new Map<number, { n: number; max: number; sum: number; over: number }>();
let outside = 0;
for (let q = 0; q < label.data.length; q++) {
  const t = Math.round(label.data[q]!);
  const p = prob.data[q]!;
  if (t === 0) {
    if (p > 0.5) outside++;
    continue;
  }
  const s = stats.get(t) ?? { n: 0, max: 0, sum: 0, over: 0 };
  s.n++;
  s.max = Math.max(s.max, p);
  s.sum += p;
  if (p > 0.5) s.over++;
  stats.set(t, s);
}
const rows = [...stats.entries()].sort((a, b) => a[0] - b[0]).map(([t, s]) => ({
  label: t, ml: +(s.n * voxelMl).toFixed(2), max_p: +s.max.toFixed(3), mean_p: +(s.sum / s.n).toFixed(3), over_half: +(s.over / s.n).toFixed(2),
}));
console.log('label  ml      max p  mean p  share > 0.5');
for (const r of rows) console.log(`${String(r.label).padEnd(6)} ${r.ml.toFixed(2).padEnd(7)} ${r.max_p.toFixed(3)}  ${r.mean_p.toFixed(3)}   ${r.over_half.toFixed(2)}`);
console.log(`voxels over 0.5 outside every tumour: ${outside}`);
console.log(JSON.stringify({ tumours: rows, outside_over_half: outside }));
