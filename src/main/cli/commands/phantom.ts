import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, ok } from '../../../shared/result';
import { throttleProgress } from '../../../shared/job';
import { generatePhantom } from '../../phantom/generate';
import { writePhantomCase, type PhantomFormat } from '../../phantom/write-case';
import type { CliCommand, CliIo } from '../command';
import { choiceOption, intOption, numberOption, parseCommandArgs, requireOption } from '../args';

export const PHANTOM_OPTIONS = {
  seed: { type: 'string' },
  out: { type: 'string' },
  size: { type: 'string' },
  tumors: { type: 'string' },
  format: { type: 'string' },
  scan: { type: 'string' },
  threads: { type: 'string' },
  kernel: { type: 'string' },
  'slice-spacing': { type: 'string' },
  slices: { type: 'string' },
} as const;

/** A progress line on stderr at most twice a second (stdout stays clean for --json). */
export function stderrProgress(io: CliIo) {
  return throttleProgress((p) => io.stderr(`\r${p.stage} ${Math.round(p.fraction * 100)}% ${p.message}`.padEnd(50) + (p.fraction >= 1 ? '\n' : '')), 500);
}

export const phantomCommand: CliCommand = {
  usage: 'lungts phantom --seed N --out DIR [--size small|full] [--tumors K] [--format nifti|dicom|both] [--scan N] [--kernel soft|sharp] [--slice-spacing MM] [--slices N] [--threads N] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, PHANTOM_OPTIONS, { min: 0, max: 0 });
    const seed = intOption(requireOption(values.seed, 'seed'), 'seed', 0, 0, Number.MAX_SAFE_INTEGER);
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const size = choiceOption(values.size, 'size', ['small', 'full'] as const, 'full');
    const format = choiceOption<PhantomFormat>(values.format, 'format', ['nifti', 'dicom', 'both'], 'nifti');
    const tumors = values.tumors === undefined ? undefined : intOption(values.tumors, 'tumors', 1, 0, 12);
    const scan = intOption(values.scan, 'scan', 0, 0, 99);
    const threads = values.threads === undefined ? undefined : intOption(values.threads, 'threads', 1, 1, 64);
    const kernel = values.kernel === undefined ? undefined : choiceOption(values.kernel, 'kernel', ['soft', 'sharp'] as const, 'soft');
    const sliceSpacing = values['slice-spacing'] === undefined ? undefined : numberOption(values['slice-spacing'], 'slice-spacing', 1, 0.5, 10);
    const slices = values.slices === undefined ? undefined : intOption(values.slices, 'slices', 1, 1, 1000);
    // Fail before minutes of work if the output folder cannot exist.
    try {
      mkdirSync(out, { recursive: true });
    } catch (e) {
      return fail(`cannot create the output folder ${out} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const started = Date.now();
    const made = await generatePhantom(
      {
        seed, scan, size,
        ...(tumors !== undefined ? { tumors } : {}),
        ...(threads !== undefined ? { threads } : {}),
        protocol: { ...(kernel ? { kernel } : {}), ...(sliceSpacing ? { sliceSpacing } : {}), ...(slices ? { slices } : {}) },
      },
      stderrProgress(io), io.signal,
    );
    if (!made.ok) return made;
    const c = made.value;
    const written = writePhantomCase(out, c, { format });
    if (!written.ok) return written;
    const p = c.protocol;
    const json = {
      out, seed, scan, size, format,
      dims: c.ct.dims, spacing: c.ct.spacing, origin: c.ct.origin,
      kernel: p.kernel, sliceThickness: p.sliceThickness, noiseHu: Math.round(p.noiseHu * 10) / 10,
      tumors: c.tumors, boxes: c.boxes.boxes.length, files: written.value,
      seconds: (Date.now() - started) / 1000,
    };
    const visible = c.tumors.filter((t) => t.label > 0);
    const text = [
      `phantom seed ${seed} (scan ${scan}, ${size}) written to ${out}`,
      `  ${c.ct.dims.join(' x ')} voxels of ${c.ct.spacing.map((s) => s.toFixed(3)).join(' x ')} mm, ${p.kernel} kernel, ${p.sliceThickness} mm slices`,
      `  ${visible.length} tumour(s): ${visible.map((t) => `#${t.label} ${t.diameterMm} mm ${t.attachment}`).join(', ') || 'none'}; ${c.boxes.boxes.length} axial box(es)`,
      `  files: ${Object.values(written.value).filter((v) => typeof v === 'string').join(', ')}`,
    ].join('\n');
    return ok({ json, text });
  },
};
