import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, ok, type Result } from '../../../shared/result';
import { throttleProgress } from '../../../shared/job';
import { sameGeometry } from '../../../shared/volume/geometry';
import type { Mask } from '../../../shared/volume/volume';
import { loadCt, type LoadedCt } from '../../io/load-ct';
import { readNifti } from '../../io/nifti/read';
import { writeNifti } from '../../io/nifti/write';
import { readBoxSet } from '../../io/boxes/box-json';
import { writeFileAtomic } from '../../fs/atomic';
import { computeLungMask } from '../../preprocess/lung-mask/compute';
import { writeStudentCrops, writeTeacherCrops, type WrittenCrops } from '../../preprocess/write-crops';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { choiceOption, intOption, parseCommandArgs, requireOption } from '../args';

export const preprocessCommand: CliCommand = {
  usage: 'lungts preprocess <ct.nii.gz|dicom-folder> --target student|teacher -o DIR [--boxes boxes.json] [--tumor N] [--lungs lungs.nii.gz] [--series UID] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      target: { type: 'string' },
      output: { type: 'string', short: 'o' },
      boxes: { type: 'string' },
      tumor: { type: 'string' },
      lungs: { type: 'string' },
      series: { type: 'string' },
    }, { min: 1, max: 1 });
    if (values.target === undefined) throw new UsageError('missing required option --target (student or teacher)');
    const target = choiceOption(values.target, 'target', ['student', 'teacher'] as const, 'student');
    const outDir = resolve(io.cwd, requireOption(values.output, 'output'));
    if (target === 'teacher' && !values.boxes) throw new UsageError('--target teacher needs --boxes <boxes.json> (see `lungts boxes`)');
    const tumor = values.tumor === undefined ? undefined : intOption(values.tumor, 'tumor', 1, 1);
    const input = resolve(io.cwd, positionals[0]!);
    const progress = throttleProgress((p) => io.stderr(`${p.message}\n`), 2000);
    const loaded = await loadCt(input, { shared: true, signal: io.signal, progress, ...(values.series ? { seriesUid: values.series } : {}) });
    if (!loaded.ok) return loaded;
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (e) {
      return fail(`${outDir}: cannot create the output folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const warnings = [...loaded.value.warnings];
    let written: Result<WrittenCrops>;
    if (target === 'student') {
      const lungs = await lungsFor(loaded.value, values.lungs ? resolve(io.cwd, values.lungs) : undefined, outDir, warnings, io.signal);
      if (!lungs.ok) return lungs;
      written = await writeStudentCrops(loaded.value.volume, lungs.value.mask, outDir);
      if (written.ok && lungs.value.file) written.value.files.unshift(lungs.value.file);
    } else {
      const boxes = readBoxSet(resolve(io.cwd, values.boxes!));
      if (!boxes.ok) return boxes;
      written = await writeTeacherCrops(loaded.value.volume, boxes.value, outDir, tumor);
    }
    if (!written.ok) return written;
    warnings.push(...written.value.warnings);
    const manifestPath = join(outDir, 'crops.json');
    try {
      writeFileAtomic(manifestPath, JSON.stringify({ ...(written.value.manifest as object), input, warnings }, null, 2));
    } catch (e) {
      return fail(`${manifestPath}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const files = [...written.value.files, manifestPath];
    return ok({ json: { input, target, outDir, files, manifest: manifestPath, warnings }, text: `wrote ${files.length} files to ${outDir}:\n  ${files.join('\n  ')}` });
  },
};

/** The lung mask from --lungs, or computed here and written beside the crops. */
async function lungsFor(
  ct: LoadedCt, lungsPath: string | undefined, outDir: string, warnings: string[], signal: AbortSignal,
): Promise<Result<{ mask: Mask; file?: string }>> {
  if (lungsPath) {
    const read = readNifti(lungsPath);
    if (!read.ok) return read;
    if (!sameGeometry(read.value.volume, ct.volume, 1e-3)) return fail(`${lungsPath}: the lung mask is not on the CT's grid`);
    const data = Uint8Array.from(read.value.volume.data as ArrayLike<number>, (v) => (v === 1 || v === 2 ? v : 0));
    return ok({ mask: { ...ct.volume, data } });
  }
  const result = await computeLungMask(ct.volume, { signal });
  if (!result.ok) return result;
  warnings.push(...result.value.warnings);
  const file = join(outDir, 'lungs.nii.gz');
  try {
    writeNifti(file, result.value.mask);
  } catch (e) {
    return fail(`${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return ok({ mask: result.value.mask, file });
}
