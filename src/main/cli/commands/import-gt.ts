import { resolve } from 'node:path';
import { throttleProgress } from '../../../shared/job';
import { fail, ok } from '../../../shared/result';
import { loadCt } from '../../io/load-ct';
import { writeNifti } from '../../io/nifti/write';
import { importGroundTruth } from '../../io/seg/import-ground-truth';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { numberOption, parseCommandArgs, requireOption } from '../args';

export const importGtCommand: CliCommand = {
  usage: 'lungts import-gt <seg.dcm|rtstruct.dcm> --ct <dicom-dir> [--roi NAME]... [--threshold 0.5] [--series UID] -o <mask.nii.gz> [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      ct: { type: 'string' },
      roi: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      series: { type: 'string' },
      output: { type: 'string', short: 'o' },
    }, { min: 1, max: 1 });
    const input = resolve(io.cwd, positionals[0]!);
    const ctPath = resolve(io.cwd, requireOption(values.ct, 'ct'));
    const output = resolve(io.cwd, requireOption(values.output, 'output (-o)'));
    if (!/\.nii(\.gz)?$/i.test(output)) throw new UsageError(`the output must end in .nii or .nii.gz, got "${values.output}"`);
    const threshold = numberOption(values.threshold, 'threshold', 0.5, 0, 1);
    if (values.roi?.some((r) => r === '')) throw new UsageError('--roi needs a name');
    const progress = throttleProgress((p) => io.stderr(`${p.message}\n`), 2000);
    const loaded = await loadCt(ctPath, { signal: io.signal, progress, ...(values.series ? { seriesUid: values.series } : {}) });
    if (!loaded.ok) return loaded;
    const series = loaded.value.dicom;
    if (!series) return fail(`${ctPath}: --ct must be the DICOM series the annotation refers to (a NIfTI file has no DICOM references)`);
    const gt = importGroundTruth(input, series, { threshold, ...(values.roi?.length ? { names: values.roi } : {}) });
    if (!gt.ok) return gt;
    try {
      writeNifti(output, gt.value.mask);
    } catch (e) {
      return fail(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const warnings = [...loaded.value.warnings, ...gt.value.warnings];
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const json = {
      input,
      kind: gt.value.kind,
      ct: ctPath,
      seriesInstanceUid: series.info.seriesInstanceUid,
      output,
      dims: gt.value.mask.dims,
      labels: gt.value.labels,
      warnings,
    };
    const text = [
      `wrote ${output}: ${gt.value.kind} on ${gt.value.mask.dims.join(' x ')} CT grid`,
      ...gt.value.labels.map((l) => `  value ${l.value}: "${l.name}" (${gt.value.kind === 'SEG' ? 'segment' : 'ROI'} ${l.source}), ${l.voxels} voxels`),
    ].join('\n');
    return ok({ json, text });
  },
};
