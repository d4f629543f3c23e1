import { fail, ok, type Result } from '../result';
import type { Mask } from '../volume/volume';
import { signedDistance2d } from './distance';
import { EditRecorder, type MaskEdit } from './mask-edit';

function axialSlice(mask: Mask, k: number): Uint8Array {
  const n = mask.dims[0] * mask.dims[1];
  const out = new Uint8Array(n);
  const base = k * n;
  for (let p = 0; p < n; p++) out[p] = mask.data[base + p] !== 0 ? 1 : 0;
  return out;
}

function isEmpty(slice: Uint8Array): boolean {
  for (let p = 0; p < slice.length; p++) if (slice[p] !== 0) return false;
  return true;
}

/**
 * Shape-based interpolation (Raya & Udupa 1990): the radiologist outlines slices k0 and k1,
 * and every axial slice strictly between them receives the blend of the two outlines' signed
 * distance maps, so a lesion that grows or shifts between key slices is followed smoothly.
 * Voxels are only added (value `label`), never removed, so existing work between is kept.
 */
export function fillBetweenSlices(mask: Mask, k0: number, k1: number, label = 1): Result<MaskEdit> {
  const [a, b] = k0 <= k1 ? [k0, k1] : [k1, k0];
  const depth = mask.dims[2];
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b >= depth) {
    return fail(`key slices ${k0} and ${k1} must be slice numbers between 0 and ${depth - 1}`);
  }
  if (b - a < 2) return fail(`slices ${a} and ${b} have no slice between them to fill`);
  const sa = axialSlice(mask, a);
  const sb = axialSlice(mask, b);
  if (isEmpty(sa)) return fail(`slice ${a} has no mask to interpolate from; draw on it first`);
  if (isEmpty(sb)) return fail(`slice ${b} has no mask to interpolate to; draw on it first`);
  const [w, h] = [mask.dims[0], mask.dims[1]];
  const [su, sv] = [mask.spacing[0], mask.spacing[1]];
  const da = signedDistance2d(sa, w, h, su, sv);
  const db = signedDistance2d(sb, w, h, su, sv);
  const ca = centroid(sa, w);
  const cb = centroid(sb, w);
  const rec = new EditRecorder(mask, 'fill between slices');
  for (let k = a + 1; k < b; k++) {
    const t = (k - a) / (b - a);
    // Both outlines are moved onto the centroid this slice should have, so a lesion that
    // drifts sideways is followed instead of fading out where the outlines do not overlap.
    const cx = ca[0] + (cb[0] - ca[0]) * t;
    const cy = ca[1] + (cb[1] - ca[1]) * t;
    const [ax, ay] = [Math.round(cx - ca[0]), Math.round(cy - ca[1])];
    const [bx, by] = [Math.round(cx - cb[0]), Math.round(cy - cb[1])];
    const base = k * w * h;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = x + y * w;
        const d = (1 - t) * sample(da, w, h, x - ax, y - ay) + t * sample(db, w, h, x - bx, y - by);
        if (d < 0 && mask.data[base + p] === 0) rec.set(base + p, label);
      }
    }
  }
  return ok(rec.finish());
}

function centroid(slice: Uint8Array, w: number): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let p = 0; p < slice.length; p++) {
    if (slice[p] === 0) continue;
    sx += p % w;
    sy += Math.floor(p / w);
    n++;
  }
  return [sx / n, sy / n];
}

/** Signed distance at (x, y); outside the slice counts as far outside. */
function sample(d: Float64Array, w: number, h: number, x: number, y: number): number {
  return x < 0 || y < 0 || x >= w || y >= h ? 1e9 : d[x + y * w]!;
}

/** Fills every run of empty axial slices lying between two non-empty ones. */
export function fillAllGaps(mask: Mask, label = 1): Result<MaskEdit> {
  const filled: number[] = [];
  for (let k = 0; k < mask.dims[2]; k++) if (!isEmpty(axialSlice(mask, k))) filled.push(k);
  if (filled.length < 2) return fail('the mask needs outlines on at least two slices to fill between them');
  const rec = new EditRecorder(mask, 'fill gaps');
  for (let n = 1; n < filled.length; n++) {
    const [a, b] = [filled[n - 1]!, filled[n]!];
    if (b - a < 2) continue;
    const part = fillBetweenSlices(mask, a, b, label);
    if (!part.ok) return part;
    // Move this part's changes into the combined edit (the mask already holds them).
    const e = part.value;
    for (let m = 0; m < e.indices.length; m++) {
      const idx = e.indices[m]!;
      mask.data[idx] = e.before[m]!;
      rec.set(idx, e.after[m]!);
    }
  }
  return ok(rec.finish());
}
