import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { EP_REQUESTS, type EpRequest } from '../../engine/runtime/ep';
import { loadRoleModel } from '../../inference/models';
import { segmentCt } from '../../inference/segment';
import { summariseTumours } from '../../inference/summary';
import { loadCt } from '../../io/load-ct';
import { writeNifti } from '../../io/nifti/write';
import { stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { choiceOption, intOption, numberOption, parseCommandArgs, requireOption } from '../args';

const MAX_LISTED = 50;

export const segmentCommand: CliCommand = {
  usage: 'lungts segment <ct.nii.gz|dicom-dir> -o <mask.nii.gz> [--model F] [--threshold T|-1] [--lung-filter] [--radius R] [--lungs-out F] [--ep auto|cpu|cuda|dml] [--threads N] [--series UID] [--json]',
  async run(rawArgs, io) {
    // `--threshold -1` is the documented spelling; node's parser would read -1 as a flag.
    const args = rawArgs.flatMap((a, n) => (a === '--threshold' && /^-\d/.test(rawArgs[n + 1] ?? '') ? [] : n > 0 && rawArgs[n - 1] === '--threshold' && /^-\d/.test(a) ? [`--threshold=${a}`] : [a]));
    const { positionals, values } = parseCommandArgs(args, {
      output: { type: 'string', short: 'o' }, model: { type: 'string' }, threshold: { type: 'string' }, 'lung-filter': { type: 'boolean' },
      radius: { type: 'string' }, 'lungs-out': { type: 'string' }, ep: { type: 'string' }, threads: { type: 'string' }, series: { type: 'string' },
    }, { min: 1, max: 1 });
    const ctPath = resolve(io.cwd, positionals[0]!);
    const out = resolve(io.cwd, requireOption(values.output, 'output (-o)'));
    const threshold = numberOption(values.threshold, 'threshold', 0.5, -1, 1);
    const radius = intOption(values.radius, 'radius', 1, 0, 10);
    const ep = choiceOption<EpRequest>(values.ep, 'ep', EP_REQUESTS, 'cpu');
    const threads = values.threads === undefined ? undefined : intOption(values.threads, 'threads', 1, 1, 256);
    const model = loadRoleModel(values.model === undefined ? undefined : resolve(io.cwd, values.model), 'student');
    if (!model.ok) return model;
    const started = performance.now();
    const ct = await loadCt(ctPath, values.series ? { seriesUid: values.series } : {});
    if (!ct.ok) return ct;
    const loadS = (performance.now() - started) / 1000;
    const r = await segmentCt(ct.value.volume, model.value, {
      threshold: threshold < 0 ? -1 : threshold, closingRadius: radius, lungFilter: values['lung-filter'] === true, ep, ...(threads ? { threads } : {}),
    }, stderrProgress(io.stderr), io.signal);
    if (!r.ok) return r;
    const w = performance.now();
    writeNifti(out, r.value.mask ?? r.value.prob);
    if (values['lungs-out']) writeNifti(resolve(io.cwd, values['lungs-out']), r.value.lungs);
    const writeS = (performance.now() - w) / 1000;
    const all = r.value.mask ? summariseTumours(ct.value.volume, r.value.mask, r.value.lungs) : [];
    // A real result holds a handful; an untrained or mismatched model can hold thousands.
    const tumours = all.slice(0, MAX_LISTED);
    const seconds = { load: Math.round(loadS * 1000) / 1000, ...r.value.timings, write: Math.round(writeS * 1000) / 1000, total: Math.round((performance.now() - started)) / 1000 };
    const json = {
      ct: ctPath, output: out, kind: r.value.mask ? 'mask' : 'probability', model: model.value.path, model_name: model.value.spec.name,
      synthetic_model: model.value.card.provenance.syntheticOnly, ep: r.value.ep?.used ?? 'cpu', tiles: r.value.tiles,
      tumour_count: all.length, tumours, seconds,
      warnings: [...ct.value.warnings, ...r.value.warnings, ...(all.length > MAX_LISTED ? [`${all.length} separate findings; only the ${MAX_LISTED} largest are listed (is this the right model for this scan?)`] : [])],
    };
    const lines = [
      `${r.value.mask ? 'mask' : 'probability map'} written to ${out} (${seconds.total} s, ${json.ep})`,
      ...(r.value.mask ? [all.length === 0 ? 'no tumour found' : `${all.length} tumour(s):`] : []),
      ...tumours.map((t) => `  #${t.id} ${t.side} lung: ${t.volume_ml} ml, longest axial ${t.longest_axial_mm} mm, centroid (${t.centroid_mm.join(', ')}) mm LPS`),
      ...(json.synthetic_model ? ['note: this model was trained on synthetic phantoms only; it is not for clinical use'] : []),
      ...json.warnings.map((x) => `warning: ${x}`),
    ];
    return ok({ json, text: lines.join('\n') });
  },
};
