import { resolve } from 'node:path';
import { TEACHER_DECISION } from '../../../shared/masks/teacher-decision';
import { ok } from '../../../shared/result';
import { readBoxesFor } from '../../inference/boxes-input';
import { runTeacher } from '../../inference/teacher';
import { writeNifti } from '../../io/nifti/write';
import { stderrProgress } from '../../training/cli-support';
import type { CliCommand } from '../command';
import { numberOption, parseCommandArgs, requireOption } from '../args';
import { INFERENCE_OPTIONS, inferenceInputs } from '../inference-args';

export const teacherCommand: CliCommand = {
  usage: 'lungts teacher <ct.nii.gz|dicom-dir> --boxes <boxes.json|xml-dir> -o <mask.nii.gz> [--model F] [--threshold T] [--density-weight W] [--prob-out F] [--ep auto|cpu|cuda|dml] [--threads N] [--series UID] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      ...INFERENCE_OPTIONS, boxes: { type: 'string' }, output: { type: 'string', short: 'o' }, threshold: { type: 'string' }, 'density-weight': { type: 'string' }, 'prob-out': { type: 'string' },
    }, { min: 1, max: 1 });
    const ctPath = resolve(io.cwd, positionals[0]!);
    const boxesPath = resolve(io.cwd, requireOption(values.boxes, 'boxes'));
    const out = resolve(io.cwd, requireOption(values.output, 'output (-o)'));
    const threshold = numberOption(values.threshold, 'threshold', TEACHER_DECISION.threshold, 0, 1);
    const densityWeight = numberOption(values['density-weight'], 'density-weight', TEACHER_DECISION.weight, 0.01, 1);
    const inputs = await inferenceInputs(values, io.cwd, ctPath, 'teacher');
    if (!inputs.ok) return inputs;
    const { model, ct, compute, loadSeconds } = inputs.value;
    const started = performance.now() - loadSeconds * 1000;
    const boxes = readBoxesFor(boxesPath, ct);
    if (!boxes.ok) return boxes;
    if (boxes.value.set.boxes.length === 0) return { ok: false, error: `${boxesPath}: holds no box for this CT` };
    const r = await runTeacher(ct.volume, boxes.value.set, model, { threshold, densityWeight, ...compute }, stderrProgress(io.stderr), io.signal);
    if (!r.ok) return r;
    writeNifti(out, r.value.mask);
    if (values['prob-out']) writeNifti(resolve(io.cwd, values['prob-out']), r.value.prob);
    const voxels = r.value.mask.data.reduce((a, x) => a + x, 0);
    const ml = (voxels * ct.volume.spacing[0] * ct.volume.spacing[1] * ct.volume.spacing[2]) / 1000;
    const json = {
      ct: ctPath, boxes: boxesPath, output: out, model: model.path, boxes_read: boxes.value.set.boxes.length, tumours: r.value.tumours,
      voxels, volume_ml: Math.round(ml * 100) / 100, confidence: r.value.confidence, seconds: Math.round(performance.now() - started) / 1000,
      warnings: [...ct.warnings, ...boxes.value.warnings, ...r.value.warnings],
    };
    const text = [
      `teacher mask written to ${out}: ${voxels} voxels (${json.volume_ml} ml) from ${json.boxes_read} box(es) of ${r.value.tumours.length} tumour(s), confidence ${r.value.confidence.toFixed(3)}`,
      ...r.value.tumours.map((t) => `  tumour ${t.tumor}: ${t.voxels} voxels, mean probability ${t.meanProb.toFixed(3)}`),
      ...json.warnings.map((x) => `warning: ${x}`),
    ].join('\n');
    return ok({ json, text });
  },
};
