import { z } from 'zod';
import { fail, ok, type Result } from '../result';
import { createGeometry } from '../volume/geometry';
import { checkBoxesFit } from './map-grid';
import type { AxialBox, BoxSet } from './types';

const index = z.number().int().min(0);
const finite = z.number().finite();

/** One box as stored in boxes.json (see AxialBox). */
export const AxialBoxFileSchema = z.strictObject({
  k: index,
  i0: index,
  j0: index,
  i1: index,
  j1: index,
  label: z.string().max(64),
  tumor: index,
  sopInstanceUid: z.string().max(64).optional(),
});

/** boxes.json, version 1 (see BoxSet). */
export const BoxSetFileSchema = z.strictObject({
  format: z.literal('lungts-boxes'),
  version: z.literal(1),
  grid: z.strictObject({
    dims: z.tuple([index, index, index]),
    spacing: z.tuple([finite, finite, finite]),
    origin: z.tuple([finite, finite, finite]),
    direction: z.tuple([finite, finite, finite, finite, finite, finite, finite, finite, finite]),
  }),
  boxes: z.array(AxialBoxFileSchema),
});

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the file';
  return `${where}: ${issue.message}`;
}

/**
 * Validates an untrusted value (parsed JSON) as a BoxSet: shape, a usable grid, and every box
 * inside that grid. The message names the first problem by its path (e.g. "boxes.3.i1").
 */
export function parseBoxSet(value: unknown): Result<BoxSet> {
  if (typeof value === 'object' && value !== null && 'format' in value && value.format !== 'lungts-boxes') {
    return fail(`not a LungTS box file (format is ${JSON.stringify(value.format)}, expected "lungts-boxes")`);
  }
  const parsed = BoxSetFileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    return fail(`invalid box file: ${describeIssue(issues[0]!)}${more}`);
  }
  const grid = createGeometry(parsed.data.grid);
  if (!grid.ok) return fail(`invalid box file: grid: ${grid.error}`);
  const boxes: AxialBox[] = parsed.data.boxes.map((b) => ({ ...b }));
  const fits = checkBoxesFit(boxes, grid.value.dims);
  if (!fits.ok) return fail(`invalid box file: ${fits.error}`);
  return ok({ format: 'lungts-boxes', version: 1, grid: grid.value, boxes });
}

/** The canonical JSON text of a box set (stable key order, one box per line) for files and hashes. */
export function boxSetToJson(set: BoxSet): string {
  const g = set.grid;
  const grid = { dims: g.dims, spacing: g.spacing, origin: g.origin, direction: g.direction };
  const boxLines = set.boxes.map((b) => {
    const box: AxialBox = {
      k: b.k, i0: b.i0, j0: b.j0, i1: b.i1, j1: b.j1, label: b.label, tumor: b.tumor,
      ...(b.sopInstanceUid !== undefined ? { sopInstanceUid: b.sopInstanceUid } : {}),
    };
    return `    ${JSON.stringify(box)}`;
  });
  return [
    '{',
    `  "format": "lungts-boxes",`,
    `  "version": 1,`,
    `  "grid": ${JSON.stringify(grid)},`,
    boxLines.length ? `  "boxes": [\n${boxLines.join(',\n')}\n  ]` : '  "boxes": []',
    '}',
    '',
  ].join('\n');
}
