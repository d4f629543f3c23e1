import { resolve } from 'node:path';
import { throttleProgress } from '../../../shared/job';
import { maskOnGrid } from '../../../shared/masks/fit-grid';
import { toLabelMask } from '../../../shared/masks/label-values';
import { fail, ok, withContext } from '../../../shared/result';
import { loadCt } from '../../io/load-ct';
import { readNifti } from '../../io/nifti/read';
import { writeSeg } from '../../io/seg/seg-write';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs, requireOption } from '../args';

export const exportSegCommand: CliCommand = {
  usage: 'lungts export-seg <mask.nii.gz> --ct <dicom-dir> -o <seg.dcm> [--label NAME] [--algorithm NAME] [--series UID] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      ct: { type: 'string' },
      output: { type: 'string', short: 'o' },
      label: { type: 'string' },
      algorithm: { type: 'string' },
      series: { type: 'string' },
    }, { min: 1, max: 1 });
    const input = resolve(io.cwd, positionals[0]!);
    const ctPath = resolve(io.cwd, requireOption(values.ct, 'ct'));
    const output = resolve(io.cwd, requireOption(values.output, 'output (-o)'));
    if (values.label === '') throw new UsageError('--label needs a name');
    const nifti = readNifti(input);
    if (!nifti.ok) return nifti;
    const labels = withContext(toLabelMask(nifti.value.volume), input);
    if (!labels.ok) return labels;
    const progress = throttleProgress((p) => io.stderr(`${p.message}\n`), 2000);
    const loaded = await loadCt(ctPath, { signal: io.signal, progress, ...(values.series ? { seriesUid: values.series } : {}) });
    if (!loaded.ok) return loaded;
    const series = loaded.value.dicom;
    if (!series) return fail(`${ctPath}: --ct must be the DICOM series the SEG will reference, not a NIfTI file`);
    const mask = withContext(maskOnGrid(labels.value, series.volume), input);
    if (!mask.ok) return mask;
    const written = writeSeg(output, mask.value, series, {
      ...(values.label ? { segments: { 1: { label: values.label } } } : {}),
      ...(values.algorithm ? { algorithmName: values.algorithm } : {}),
    });
    if (!written.ok) return written;
    const warnings = [...loaded.value.warnings, ...written.value.warnings];
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const json = { input, ct: ctPath, referencedSeriesInstanceUid: series.info.seriesInstanceUid, output, ...written.value, warnings };
    const text = [
      `wrote ${output}: DICOM SEG (BINARY), ${written.value.frames} frame(s), referencing series ${series.info.seriesInstanceUid}`,
      ...written.value.segments.map((s) => `  segment ${s.number} "${s.label}": ${s.voxels} voxels on ${s.frames} slice(s)`),
    ].join('\n');
    return ok({ json, text });
  },
};
