import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { describePostprocess, IN_PLANE_MIRRORS, segmentCt } from '../../inference/segment';
import { summariseTumours } from '../../inference/summary';
import { writeNifti } from '../../io/nifti/write';
import { stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { intOption, numberOption, parseCommandArgs, requireOption } from '../args';
import { FILTER_OPTIONS, filterFlags, INFERENCE_OPTIONS, inferenceInputs } from '../inference-args';

const MAX_LISTED = 50;

export const segmentCommand: CliCommand = {
  usage: 'lungts segment <ct.nii.gz|dicom-dir> -o <mask.nii.gz> [--model F] [--threshold T|-1] [--lung-filter|--no-lung-filter] [--mirror] [--radius R] [--min-volume ML] [--min-peak P] [--lungs-out F] [--ep auto|cpu|cuda|dml] [--threads N] [--series UID] [--json]',
  async run(rawArgs, io) {
    // `--threshold -1` is the documented spelling; node's parser would read -1 as a flag.
    const args = rawArgs.flatMap((a, n) => (a === '--threshold' && /^-\d/.test(rawArgs[n + 1] ?? '') ? [] : n > 0 && rawArgs[n - 1] === '--threshold' && /^-\d/.test(a) ? [`--threshold=${a}`] : [a]));
    const { positionals, values } = parseCommandArgs(args, {
      ...INFERENCE_OPTIONS, output: { type: 'string', short: 'o' }, threshold: { type: 'string' },
      mirror: { type: 'boolean' }, radius: { type: 'string' }, 'lungs-out': { type: 'string' }, ...FILTER_OPTIONS,
    }, { min: 1, max: 1 });
    const ctPath = resolve(io.cwd, positionals[0]!);
    const out = resolve(io.cwd, requireOption(values.output, 'output (-o)'));
    // Unset options fall to the model card's post-processing, then the paper's (segmentCt).
    const threshold = values.threshold === undefined ? undefined : numberOption(values.threshold, 'threshold', 0.5, -1, 1);
    const radius = intOption(values.radius, 'radius', 1, 0, 10);
    const filter = filterFlags(values);
    const inputs = await inferenceInputs(values, io.cwd, ctPath, 'student');
    if (!inputs.ok) return inputs;
    const { model, ct, compute, loadSeconds: loadS } = inputs.value;
    const started = performance.now() - loadS * 1000;
    const r = await segmentCt(ct.volume, model, {
      ...(threshold !== undefined ? { threshold: threshold < 0 ? -1 : threshold } : {}), ...filter, closingRadius: radius, ...compute,
      ...(values.mirror ? { mirrors: IN_PLANE_MIRRORS } : {}),
    }, stderrProgress(io.stderr), io.signal);
    if (!r.ok) return r;
    const w = performance.now();
    writeNifti(out, r.value.mask ?? r.value.prob);
    if (values['lungs-out']) writeNifti(resolve(io.cwd, values['lungs-out']), r.value.lungs);
    const writeS = (performance.now() - w) / 1000;
    const all = r.value.mask ? summariseTumours(ct.volume, r.value.mask, r.value.lungs) : [];
    // A real result holds a handful; an untrained or mismatched model can hold thousands.
    const tumours = all.slice(0, MAX_LISTED);
    const seconds = { load: Math.round(loadS * 1000) / 1000, ...r.value.timings, write: Math.round(writeS * 1000) / 1000, total: Math.round((performance.now() - started)) / 1000 };
    const json = {
      ct: ctPath, output: out, kind: r.value.mask ? 'mask' : 'probability', model: model.path, model_name: model.spec.name,
      synthetic_model: model.card.provenance.syntheticOnly, ep: r.value.ep?.used ?? 'cpu', tiles: r.value.tiles,
      postprocess: r.value.postprocess, tumour_count: all.length, tumours, seconds,
      warnings: [...ct.warnings, ...r.value.warnings, ...(all.length > MAX_LISTED ? [`${all.length} separate findings; only the ${MAX_LISTED} largest are listed (is this the right model for this scan?)`] : [])],
    };
    const lines = [
      `${r.value.mask ? 'mask' : 'probability map'} written to ${out} (${seconds.total} s, ${json.ep})`,
      ...(r.value.mask ? [describePostprocess(r.value.postprocess), all.length === 0 ? 'no tumour found' : `${all.length} tumour(s):`] : []),
      ...tumours.map((t) => `  #${t.id} ${t.side} lung: ${t.volume_ml} ml, longest axial ${t.longest_axial_mm} mm, centroid (${t.centroid_mm.join(', ')}) mm LPS`),
      ...(json.synthetic_model ? ['note: this model was trained on synthetic phantoms only; it is not for clinical use'] : []),
      ...json.warnings.map((x) => `warning: ${x}`),
    ];
    return ok({ json, text: lines.join('\n') });
  },
};

