import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ok } from '../../../shared/result';
import { inspectDicom, summarizeVolume, type DicomReport, type SeriesReport, type VolumeSummary } from '../../io/dicom/inspect';
import { isNiftiPath } from '../../io/load-ct';
import { readNifti } from '../../io/nifti/read';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../args';

const fmt = (xs: readonly number[], d = 3) => xs.map((x) => x.toFixed(d)).join(' x ');

function volumeLines(v: VolumeSummary, unit: string): string[] {
  return [
    `  grid ${v.dims.join(' x ')}, spacing ${fmt(v.spacing)} mm, orientation ${v.orientation}`,
    `  origin (${v.origin.map((x) => x.toFixed(2)).join(', ')}) mm, direction [${v.direction.map((x) => +x.toFixed(4)).join(' ')}]`,
    `  ${unit} ${v.valueRange[0]} .. ${v.valueRange[1]} (${v.dataType})`,
  ];
}

function seriesText(s: SeriesReport): string[] {
  const title = [`series ${s.seriesInstanceUid}`, s.seriesNumber !== undefined ? `#${s.seriesNumber}` : '', s.modality || '(no modality)', s.seriesDescription ? `"${s.seriesDescription}"` : '']
    .filter((x) => x !== '')
    .join('  ');
  const who = [s.patientId && `patient ${s.patientId}`, s.studyDate && `study date ${s.studyDate}`, s.studyDescription && `"${s.studyDescription}"`].filter(Boolean).join(', ');
  const lines = [title];
  if (who) lines.push(`  ${who}`);
  lines.push(`  ${s.slices} slice(s) in ${s.fileCount} file(s), ${s.transferSyntaxes.join(', ')}`);
  if (s.volume) lines.push(...volumeLines(s.volume, s.modality === 'CT' || s.modality === '' ? 'HU' : 'values'));
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  if (s.error) lines.push(`  cannot load as a volume: ${s.error}`);
  return lines;
}

function dicomText(r: DicomReport): string {
  const lines = [`${r.path}: ${r.series.length} series${r.skipped.length ? `, ${r.skipped.length} file(s) skipped` : ''}`];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  for (const s of r.series) lines.push('', ...seriesText(s));
  if (r.skipped.length) {
    lines.push('', 'skipped:');
    for (const s of r.skipped.slice(0, 20)) lines.push(`  ${s.file}: ${s.reason}`);
    if (r.skipped.length > 20) lines.push(`  ... and ${r.skipped.length - 20} more (see --json)`);
  }
  return lines.join('\n');
}

export const infoCommand: CliCommand = {
  usage: 'lungts info <dicom-folder|dicom-file|image.nii.gz> [--json]',
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
    const path = resolve(io.cwd, positionals[0]!);
    const isFile = await stat(path).then((s) => s.isFile(), () => false);
    if (isFile && isNiftiPath(path)) {
      const nifti = readNifti(path);
      if (!nifti.ok) return nifti;
      const volume = summarizeVolume(nifti.value.volume);
      const json = { path, kind: 'nifti', niftiVersion: nifti.value.header.version, volume, warnings: nifti.value.warnings };
      const text = [`${path}: NIfTI-${nifti.value.header.version}`, ...volumeLines(volume, 'values'), ...nifti.value.warnings.map((w) => `  warning: ${w}`)].join('\n');
      return ok({ json, text });
    }
    const report = await inspectDicom(path, io.signal);
    if (!report.ok) return report;
    return ok({ json: { kind: 'dicom', ...report.value }, text: dicomText(report.value) });
  },
};
