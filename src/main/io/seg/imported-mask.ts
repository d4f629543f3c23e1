import type { Mask } from '../../../shared/volume/volume';

/** What one voxel value of an imported ground-truth mask means. */
export interface MaskLabel {
  readonly value: number;
  readonly name: string;
  /** SEG segment number or RTSTRUCT ROI number it came from. */
  readonly source: number;
  readonly voxels: number;
}

/** A ground-truth mask read from a SEG or RTSTRUCT, on the CT's own (native) grid. */
export interface ImportedMask {
  readonly mask: Mask;
  readonly labels: readonly MaskLabel[];
  readonly warnings: readonly string[];
}

/**
 * Which of the annotation's structures to import and which value each gets. One structure
 * becomes a binary 0/1 mask; several become a label map whose values are the structures'
 * own numbers (SEG segment number, RTSTRUCT ROI number), so a label keeps its identity
 * whatever subset is imported.
 */
export function pickStructures<S extends { readonly number: number; readonly name: string }>(
  available: readonly S[],
  wanted: readonly string[] | undefined,
  kind: string,
): { ok: true; picked: { s: S; value: number }[] } | { ok: false; error: string } {
  const list = available.map((s) => `${s.number} "${s.name}"`).join(', ');
  let picked: S[];
  if (!wanted || wanted.length === 0) picked = [...available];
  else {
    picked = [];
    for (const w of wanted) {
      const byName = available.filter((s) => s.name.toLowerCase() === w.toLowerCase());
      const byNumber = /^\d+$/.test(w) ? available.filter((s) => s.number === Number(w)) : [];
      const hit = byName.length ? byName : byNumber;
      if (hit.length === 0) return { ok: false, error: `no ${kind} named "${w}"; available: ${list}` };
      if (hit.length > 1) return { ok: false, error: `${hit.length} ${kind}s are named "${w}"; pick one by number: ${list}` };
      if (!picked.includes(hit[0]!)) picked.push(hit[0]!);
    }
  }
  if (picked.length === 0) return { ok: false, error: `the file holds no ${kind}s` };
  if (picked.length > 1 && picked.some((s) => s.number < 1 || s.number > 255)) {
    return { ok: false, error: `${kind} numbers must be 1..255 to share one label mask; import one ${kind} at a time` };
  }
  return { ok: true, picked: picked.map((s) => ({ s, value: picked.length === 1 ? 1 : s.number })) };
}
