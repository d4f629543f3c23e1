import { resolve } from 'node:path';
import { fail, ok } from '../../../shared/result';
import { throttleProgress } from '../../../shared/job';
import { summarizeVolume } from '../../io/dicom/inspect';
import { loadCt } from '../../io/load-ct';
import { writeNifti } from '../../io/nifti/write';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs } from '../args';

export const convertCommand: CliCommand = {
  usage: 'lungts convert <dicom-folder|dicom-file> <out.nii.gz> [--series UID] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { series: { type: 'string' } }, { min: 2, max: 2 });
    const input = resolve(io.cwd, positionals[0]!);
    const output = resolve(io.cwd, positionals[1]!);
    if (!/\.nii(\.gz)?$/i.test(output)) throw new UsageError(`the output must end in .nii or .nii.gz, got "${positionals[1]}"`);
    if (values.series === '') throw new UsageError('--series needs a SeriesInstanceUID');
    const progress = throttleProgress((p) => io.stderr(`${p.message}\n`), 2000);
    const loaded = await loadCt(input, { signal: io.signal, progress, ...(values.series !== undefined ? { seriesUid: values.series } : {}) });
    if (!loaded.ok) return loaded;
    try {
      writeNifti(output, loaded.value.volume);
    } catch (e) {
      return fail(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    for (const w of loaded.value.warnings) io.stderr(`warning: ${w}\n`);
    const volume = summarizeVolume(loaded.value.volume);
    const series = loaded.value.dicom?.info;
    const json = {
      input,
      output,
      source: loaded.value.source,
      ...(series ? { seriesInstanceUid: series.seriesInstanceUid, seriesDescription: series.seriesDescription, modality: series.modality } : {}),
      volume,
      warnings: loaded.value.warnings,
    };
    const text = `wrote ${output}: ${volume.dims.join(' x ')} voxels of ${volume.spacing.map((x) => x.toFixed(3)).join(' x ')} mm, ` +
      `orientation ${volume.orientation}, HU ${volume.valueRange[0]} .. ${volume.valueRange[1]}`;
    return ok({ json, text });
  },
};
