import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportModel } from '../../engine/model-file';
import { importMonaiWeights } from '../../engine/pth/import';
import { isPresetName, parseSpec, PRESET_NAMES, preset, type UNetSpec } from '../../../shared/network';
import { fail, ok, type Result } from '../../../shared/result';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs, requireOption } from '../args';

function specFrom(presetName: string | undefined, specPath: string | undefined, cwd: string): Result<UNetSpec> {
  if (presetName !== undefined && specPath !== undefined) throw new UsageError('give either --preset or --spec, not both');
  if (presetName !== undefined) {
    if (!isPresetName(presetName)) throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got "${presetName}"`);
    return ok(preset(presetName));
  }
  if (specPath === undefined) throw new UsageError('missing required option --preset (or --spec <file.json>)');
  try {
    return parseSpec(JSON.parse(readFileSync(resolve(cwd, specPath), 'utf8')));
  } catch (e) {
    return fail(`cannot read spec ${specPath}: ${(e as Error).message}`);
  }
}

export const importWeightsCommand: CliCommand = {
  usage: `lungts import-weights <file.pth> --preset <${PRESET_NAMES.join('|')}> | --spec <spec.json> -o <model.onnx> [--json]`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { preset: { type: 'string' }, spec: { type: 'string' }, output: { type: 'string', short: 'o' } }, { min: 1, max: 1 });
    const input = resolve(io.cwd, positionals[0] as string);
    const output = resolve(io.cwd, requireOption(values.output, 'output'));
    const spec = specFrom(values.preset, values.spec, io.cwd);
    if (!spec.ok) return spec;
    const imported = importMonaiWeights(input, spec.value);
    if (!imported.ok) return imported;
    const written = exportModel(output, imported.value.card, imported.value.params);
    if (!written.ok) return written;
    const r = imported.value.report;
    const json = {
      ok: true,
      input,
      output,
      network: spec.value.name,
      paramCount: imported.value.params.length,
      bytes: written.value.bytes,
      layout: r.layout,
      naming: r.naming,
      tensorsMapped: r.mapped,
      ignored: r.ignored,
      wrapper: r.wrapper,
      sourceSha256: r.sourceSha256,
      paramsSha256: imported.value.card.paramsSha256,
    };
    const text = [
      `imported ${r.mapped} tensors (${r.layout}, ${r.naming} names${r.wrapper ? `, under "${r.wrapper}"` : ''}) into "${spec.value.name}" (${json.paramCount.toLocaleString('en')} weights)`,
      ...(r.ignored.length ? [`ignored ${r.ignored.length} tensors not used by "${spec.value.name}": ${r.ignored.slice(0, 6).join(', ')}${r.ignored.length > 6 ? ', ...' : ''}`] : []),
      `wrote ${output} (${(written.value.bytes / 2 ** 20).toFixed(1)} MiB)`,
    ].join('\n');
    return ok({ json, text });
  },
};
