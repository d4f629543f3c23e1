import { resolve } from 'node:path';
import { ok, withContext } from '../../../shared/result';
import { writeFileAtomic } from '../../fs/atomic';
import { loadCt } from '../../io/load-ct';
import { readNifti } from '../../io/nifti/read';
import { renderSnapshot, type SnapshotView } from '../../render/snapshot';
import type { WindowName } from '../../render/window';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { choiceOption, intOption, parseCommandArgs, requireOption } from '../args';

export const snapshotCommand: CliCommand = {
  usage: 'lungts snapshot <ct.nii.gz|dicom-folder> -o out.png [--mask M.nii.gz] [--view axial|coronal|sagittal|all] [--slice N | --at tumor|I,J,K] [--window lung|mediastinum|bone] [--width PX] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      o: { type: 'string', short: 'o' }, out: { type: 'string' }, mask: { type: 'string' }, view: { type: 'string' },
      slice: { type: 'string' }, at: { type: 'string' }, window: { type: 'string' }, width: { type: 'string' },
    }, { min: 1, max: 1 });
    const out = resolve(io.cwd, requireOption(values.o ?? values.out, 'o'));
    const view = choiceOption<SnapshotView>(values.view, 'view', ['axial', 'coronal', 'sagittal', 'all'], 'axial');
    const window = choiceOption<WindowName>(values.window, 'window', ['lung', 'mediastinum', 'bone'], 'lung');
    let atVoxel: [number, number, number] | undefined;
    if (values.at !== undefined && values.at !== 'tumor') {
      const parts = values.at.split(',').map((x) => Number(x));
      if (parts.length !== 3 || !parts.every((x) => Number.isInteger(x) && x >= 0)) throw new UsageError(`--at must be "tumor" or a voxel "I,J,K" of whole numbers, got "${values.at}"`);
      atVoxel = parts as [number, number, number];
    }
    if (values.at !== undefined && values.slice !== undefined) throw new UsageError('give --slice or --at tumor, not both');
    const slice = values.slice === undefined ? undefined : intOption(values.slice, 'slice', 0, 0, 100000);
    const maxWidth = values.width === undefined ? undefined : intOption(values.width, 'width', 0, 16, 20000);
    const ctPath = resolve(io.cwd, positionals[0]!);
    const ct = await loadCt(ctPath);
    if (!ct.ok) return ct;
    let mask;
    if (values.mask !== undefined) {
      const m = readNifti(resolve(io.cwd, values.mask));
      if (!m.ok) return m;
      mask = m.value.volume;
    }
    const shot = withContext(renderSnapshot(ct.value.volume, mask, { view, window, ...(slice !== undefined ? { slice } : {}), ...(maxWidth ? { maxWidth } : {}), atTumor: values.at === 'tumor', ...(atVoxel ? { atVoxel } : {}) }), ctPath);
    if (!shot.ok) return shot;
    writeFileAtomic(out, shot.value.png);
    const json = { out, view, window, slices: shot.value.slices, width: shot.value.width, height: shot.value.height };
    return ok({ json, text: `wrote ${out} (${shot.value.width}x${shot.value.height}, ${view}, ${window} window, slice ${Object.values(shot.value.slices).join('/')})` });
  },
};
