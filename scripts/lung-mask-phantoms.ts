// The lung mask against full-size phantoms written by `lungts phantom --size full`:
//   node --import tsx scripts/lung-mask-phantoms.ts DIR [seed ...] [--options JSON]
// DIR holds seed-N folders (ct.nii.gz, lungs.nii.gz, tumor.nii.gz, case.json), as
// scripts/train-shipped-models.mjs writes them under WORK/phantoms. Per phantom: Dice of the
// mask against the phantom's lungs (tumours included), millilitres taken that are not lung and
// missed that are, and for every tumour attached to the pleura, the mediastinum or a vessel
// the share of its voxels inside the mask (the issue's target: 0.99). Ends with one JSON line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNifti } from '../src/main/io/nifti/read';
import { computeLungMask } from '../src/main/preprocess/lung-mask/compute';
import type { LungMaskOptions } from '../src/main/preprocess/lung-mask/segment-work';
import { unwrap, withContext } from '../src/shared/result';

interface TumourInfo {
  readonly label: number;
  readonly attachment: string;
  readonly diameterMm: number;
}

interface Attached {
  readonly seed: number;
  readonly attachment: string;
  readonly diameterMm: number;
  readonly voxels: number;
  readonly inside: number;
}


// --options takes LungMaskOptions as JSON, to measure a step switched off, e.g. '{"edgeOnCt":false}'.
const args = process.argv.slice(2);
const at = args.indexOf('--options');
const options = at >= 0 ? (JSON.parse(args.splice(at, 2)[1] ?? '{}') as LungMaskOptions) : {};
const [dir, ...only] = args;
if (!dir) {
  process.stderr.write('usage: node --import tsx scripts/lung-mask-phantoms.ts DIR [seed ...] [--options JSON]\n');
  process.exit(2);
}
const seeds = only.length > 0
  ? only.map(Number)
  : readdirSync(dir).filter((f) => /^seed-\d+$/.test(f)).map((f) => Number(f.slice(5))).sort((a, b) => a - b);

const dices: { seed: number; dice: number }[] = [];
const attached: Attached[] = [];
console.log('seed  spacing (mm)          Dice    not lung  missed  s    attached tumours (diameter, share inside)');
for (const seed of seeds) {
  const d = join(dir, `seed-${seed}`);
  if (!existsSync(join(d, 'case.json'))) {
    console.log(`${seed}: no case.json in ${d}, skipped`);
    continue;
  }
  const info = JSON.parse(readFileSync(join(d, 'case.json'), 'utf8')) as { tumors: TumourInfo[] };
  const ct = unwrap(readNifti(join(d, 'ct.nii.gz'))).volume;
  const lungs = unwrap(readNifti(join(d, 'lungs.nii.gz'))).volume;
  const tumor = unwrap(readNifti(join(d, 'tumor.nii.gz'))).volume;
  const r = unwrap(withContext(await computeLungMask(ct, options), `seed ${seed}`));
  const mask = r.mask.data;
  let inter = 0;
  let taken = 0;
  let missed = 0;
  for (let q = 0; q < lungs.data.length; q++) {
    const x = mask[q]! > 0;
    const y = lungs.data[q]! > 0;
    if (x && y) inter++;
    else if (x) taken++;
    else if (y) missed++;
  }
  const dice = (2 * inter) / (2 * inter + taken + missed);
  dices.push({ seed, dice });
  const ml = (ct.spacing[0] * ct.spacing[1] * ct.spacing[2]) / 1000;
  const parts: string[] = [];
  for (const t of info.tumors) {
    if (t.label <= 0 || t.attachment === 'free') continue;
    let voxels = 0;
    let inside = 0;
    for (let q = 0; q < tumor.data.length; q++) {
      if (tumor.data[q] !== t.label) continue;
      voxels++;
      if (mask[q]) inside++;
    }
    if (voxels === 0) continue;
    attached.push({ seed, attachment: t.attachment, diameterMm: t.diameterMm, voxels, inside });
    parts.push(`${t.attachment} ${t.diameterMm} mm ${(inside / voxels).toFixed(3)}`);
  }
  const spacing = ct.spacing.map((s) => s.toFixed(2)).join(' x ');
  console.log(
    `${seed}  ${spacing.padEnd(20)}  ${dice.toFixed(4)}  ${(taken * ml).toFixed(0).padStart(6)}  ${(missed * ml).toFixed(0).padStart(6)}  ${r.stats.seconds.toFixed(1).padStart(4)}  ${parts.join('; ')}`,
  );
}

const byKind: Record<string, { tumours: number; atTarget: number; pooledShare: number }> = {};
for (const kind of ['pleural', 'mediastinal', 'vascular']) {
  const t = attached.filter((a) => a.attachment === kind);
  const voxels = t.reduce((s, a) => s + a.voxels, 0);
  byKind[kind] = {
    tumours: t.length,
    atTarget: t.filter((a) => a.inside >= 0.99 * a.voxels).length,
    pooledShare: voxels > 0 ? Math.round((t.reduce((s, a) => s + a.inside, 0) / voxels) * 1000) / 1000 : 0,
  };
  console.log(`${kind}: ${byKind[kind].tumours} tumours, ${byKind[kind].atTarget} with >= 0.99 inside, pooled share ${byKind[kind].pooledShare}`);
}
const sorted = [...dices].sort((a, b) => a.dice - b.dice);
const mean = dices.reduce((s, d) => s + d.dice, 0) / Math.max(1, dices.length);
console.log(`Dice: ${dices.length} phantoms, mean ${mean.toFixed(4)}, lowest ${sorted.slice(0, 3).map((d) => `${d.seed} ${d.dice.toFixed(4)}`).join(', ')}`);
console.log(JSON.stringify({
  phantoms: dices.length,
  diceMean: Math.round(mean * 10000) / 10000,
  diceMin: sorted[0] ? Math.round(sorted[0].dice * 10000) / 10000 : null,
  below097: sorted.filter((d) => d.dice < 0.97).map((d) => d.seed),
  attached: byKind,
}));
