import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { lpsGeometry } from '../../../shared/boxes/lps-grid';
import { mapBoxesToGrid } from '../../../shared/boxes/map-grid';
import type { BoxSet } from '../../../shared/boxes/types';
import { throttleProgress } from '../../../shared/job';
import { boxesToMask } from '../../../shared/masks/box-mask';
import { fail, ok, withContext, type Result } from '../../../shared/result';
import { sameGeometry } from '../../../shared/volume/geometry';
import { readBoxSet, writeBoxSet } from '../../io/boxes/box-json';
import { readVocBoxes } from '../../io/boxes/voc-read';
import { loadCt, type LoadedCt } from '../../io/load-ct';
import { writeNifti } from '../../io/nifti/write';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs, requireOption } from '../args';

interface BoxesRead {
  readonly set: BoxSet;
  readonly source: 'voc-xml' | 'boxes-json';
  readonly xmlFiles?: number;
  readonly otherSeries?: number;
  readonly warnings: readonly string[];
}

/** A boxes.json made for this CT, possibly on a flipped/permuted copy of its grid, moved onto the CT's LPS grid. */
function fromJson(path: string, ct: LoadedCt): Result<BoxesRead> {
  const set = readBoxSet(path);
  if (!set.ok) return set;
  const grid = lpsGeometry(ct.volume);
  if (sameGeometry(set.value.grid, grid, 0.01 * Math.min(...grid.spacing))) {
    return ok({ set: { ...set.value, grid }, source: 'boxes-json', warnings: [] });
  }
  const moved = withContext(mapBoxesToGrid(set.value.boxes, set.value.grid, grid), `${path} does not fit the CT`);
  if (!moved.ok) return moved;
  return ok({ set: { format: 'lungts-boxes', version: 1, grid, boxes: moved.value }, source: 'boxes-json', warnings: [] });
}

function fromXml(dir: string, ct: LoadedCt, ctPath: string): Result<BoxesRead> {
  if (!ct.dicom) return fail(`${ctPath}: VOC XML boxes name DICOM slices by SOPInstanceUID, so --ct must be the DICOM series, not NIfTI`);
  const r = readVocBoxes(dir, ct.dicom);
  if (!r.ok) return r;
  return ok({ set: r.value.set, source: 'voc-xml', xmlFiles: r.value.files, otherSeries: r.value.otherSeries.length, warnings: r.value.warnings });
}

export const boxesCommand: CliCommand = {
  usage: 'lungts boxes <xml-dir|boxes.json> --ct <dicom-dir|ct.nii.gz> -o <boxes.json> [--mask <box-mask.nii.gz>] [--series UID] [--json]',
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      ct: { type: 'string' },
      output: { type: 'string', short: 'o' },
      mask: { type: 'string' },
      series: { type: 'string' },
    }, { min: 1, max: 1 });
    const input = resolve(io.cwd, positionals[0]!);
    const ctPath = resolve(io.cwd, requireOption(values.ct, 'ct'));
    const output = resolve(io.cwd, requireOption(values.output, 'output (-o)'));
    const maskPath = values.mask !== undefined ? resolve(io.cwd, values.mask) : undefined;
    if (maskPath && !/\.nii(\.gz)?$/i.test(maskPath)) throw new UsageError(`--mask must end in .nii or .nii.gz, got "${values.mask}"`);
    let isDir: boolean;
    try {
      isDir = statSync(input).isDirectory();
    } catch {
      return fail(`${input}: no such file or folder`);
    }
    const progress = throttleProgress((p) => io.stderr(`${p.message}\n`), 2000);
    const loaded = await loadCt(ctPath, { signal: io.signal, progress, ...(values.series ? { seriesUid: values.series } : {}) });
    if (!loaded.ok) return loaded;
    const read = isDir ? fromXml(input, loaded.value, ctPath) : fromJson(input, loaded.value);
    if (!read.ok) return read;
    const { set } = read.value;
    const written = writeBoxSet(output, set);
    if (!written.ok) return written;
    if (maskPath) {
      try {
        writeNifti(maskPath, boxesToMask(set, loaded.value.volume));
      } catch (e) {
        return fail(`${maskPath}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
    }
    const warnings = [...loaded.value.warnings, ...read.value.warnings];
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const tumors = new Set(set.boxes.map((b) => b.tumor)).size;
    const slices = [...new Set(set.boxes.map((b) => b.k))].sort((a, b) => a - b);
    const json = {
      input,
      source: read.value.source,
      ct: ctPath,
      ...(loaded.value.dicom ? { seriesInstanceUid: loaded.value.dicom.info.seriesInstanceUid } : {}),
      output,
      ...(maskPath ? { mask: maskPath } : {}),
      ...(read.value.xmlFiles !== undefined ? { xmlFiles: read.value.xmlFiles, xmlFilesOfOtherSeries: read.value.otherSeries } : {}),
      grid: set.grid,
      boxes: set.boxes.length,
      tumors,
      slices,
      labels: [...new Set(set.boxes.map((b) => b.label))],
      warnings,
    };
    const text = `wrote ${output}: ${set.boxes.length} box(es) of ${tumors} tumour(s) on ${slices.length} slice(s)` +
      (read.value.otherSeries ? ` (${read.value.otherSeries} XML file(s) name slices of another series)` : '') +
      (maskPath ? `; box mask ${maskPath}` : '');
    return ok({ json, text });
  },
};
