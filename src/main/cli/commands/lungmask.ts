import { resolve } from 'node:path';
import { fail, ok } from '../../../shared/result';
import { throttleProgress } from '../../../shared/job';
import { loadCt } from '../../io/load-ct';
import { writeNifti } from '../../io/nifti/write';
import { computeLungMask } from '../../preprocess/lung-mask/compute';
import { DEFAULT_CLOSING_MM } from '../../preprocess/lung-mask/segment-work';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { numberOption, parseCommandArgs, requireOption } from '../args';

export const lungmaskCommand: CliCommand = {
  usage: 'lungts lungmask <ct.nii.gz|dicom-folder> -o <lungs.nii.gz> [--series UID] [--closing MM] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      output: { type: 'string', short: 'o' },
      series: { type: 'string' },
      closing: { type: 'string' },
    }, { min: 1, max: 1 });
    const input = resolve(io.cwd, positionals[0]!);
    const output = resolve(io.cwd, requireOption(values.output, 'output'));
    if (!/\.nii(\.gz)?$/i.test(output)) throw new UsageError(`the output must end in .nii or .nii.gz, got "${values.output}"`);
    const closingMm = numberOption(values.closing, 'closing', DEFAULT_CLOSING_MM, 0, 100);
    const progress = throttleProgress((p) => io.stderr(`${p.message}\n`), 2000);
    const loaded = await loadCt(input, { shared: true, signal: io.signal, progress, ...(values.series ? { seriesUid: values.series } : {}) });
    if (!loaded.ok) return loaded;
    const result = await computeLungMask(loaded.value.volume, { closingMm, progress, signal: io.signal });
    if (!result.ok) return result;
    try {
      writeNifti(output, result.value.mask);
    } catch (e) {
      return fail(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const warnings = [...loaded.value.warnings, ...result.value.warnings];
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const { stats } = result.value;
    const json = { input, output, labels: { 1: 'right lung', 2: 'left lung' }, ...stats, warnings };
    const text = `wrote ${output}: right lung ${stats.rightMl} mL, left lung ${stats.leftMl} mL (${stats.seconds} s)`;
    return ok({ json, text });
  },
};
