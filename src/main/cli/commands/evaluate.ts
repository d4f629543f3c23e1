import { resolve } from 'node:path';
import { DEFAULT_JOIN_VOXELS, evaluateCase } from '../../../shared/metrics';
import { ok } from '../../../shared/result';
import { readMask } from '../../inference/mask-io';
import type { CliCommand } from '../command';
import { intOption, numberOption, parseCommandArgs, requireOption } from '../args';

export const evaluateCommand: CliCommand = {
  usage: 'lungts evaluate --pred <mask.nii.gz> --gt <mask.nii.gz> [--gt-instances] [--min-overlap 0.25] [--join 1] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      pred: { type: 'string' }, gt: { type: 'string' }, 'gt-instances': { type: 'boolean' }, 'min-overlap': { type: 'string' }, join: { type: 'string' },
    }, { min: 0, max: 0 });
    const predPath = resolve(io.cwd, requireOption(values.pred, 'pred'));
    const gtPath = resolve(io.cwd, requireOption(values.gt, 'gt'));
    const minOverlap = numberOption(values['min-overlap'], 'min-overlap', 0.25, 0.000001, 1);
    const joinVoxels = intOption(values.join, 'join', DEFAULT_JOIN_VOXELS, 0, 10);
    const gt = readMask(gtPath);
    if (!gt.ok) return gt;
    const pred = readMask(predPath, gt.value);
    if (!pred.ok) return pred;
    const m = evaluateCase(predPath, pred.value.data, gt.value.data, gt.value.dims, { minOverlap, joinVoxels, gtObjects: values['gt-instances'] ? 'labels' : 'components' });
    const json = { pred: predPath, gt: gtPath, min_overlap: minOverlap, join_voxels: joinVoxels, ...m };
    const text = [
      `Dice ${m.dice.toFixed(4)}`,
      `tumours: ${m.tp_gt} of ${m.gt_objects} found (recall ${m.recall.toFixed(3)}), ${m.tp_pred} of ${m.pred_objects} predicted objects true (precision ${m.precision.toFixed(3)}), F1 ${m.f1.toFixed(3)}`,
      `DSC-TP ${m.dice_tp === null ? 'n/a (nothing matched)' : m.dice_tp.toFixed(4)}`,
    ].join('\n');
    return ok({ json, text });
  },
};
