import { fail, ok, type Result } from '../../../../shared/result';
import type { DataSet, DicomElement, Fragment } from '../lib';

/** True when the fragment begins like a compressed frame (JPEG / JPEG-LS SOI, JPEG 2000 SOC, or a JP2 signature box). */
function startsFrame(bytes: Uint8Array, f: Fragment): boolean {
  const p = f.position;
  if (f.length < 2) return false;
  const a = bytes[p];
  const b = bytes[p + 1];
  if (a === 0xff && (b === 0xd8 || b === 0x4f)) return true;
  return f.length >= 8 && bytes[p + 4] === 0x6a && bytes[p + 5] === 0x50 && bytes[p + 6] === 0x20 && bytes[p + 7] === 0x20;
}

function concat(bytes: Uint8Array, frags: readonly Fragment[]): Uint8Array {
  if (frags.length === 1) return bytes.subarray(frags[0]!.position, frags[0]!.position + frags[0]!.length);
  const total = frags.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of frags) {
    out.set(bytes.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return out;
}

/**
 * Splits encapsulated pixel data into the compressed bytes of each frame. Uses the Basic
 * Offset Table when present; without it, one fragment per frame when the counts agree, else
 * a new frame starts at each fragment that opens with a codestream marker (fragmented frames).
 */
export function encapsulatedFrames(ds: DataSet, el: DicomElement, frames: number, file: string): Result<Uint8Array[]> {
  const bytes = ds.byteArray;
  const frags = el.fragments ?? [];
  if (frags.length === 0) return fail(`${file}: encapsulated pixel data holds no fragments`);
  const end = frags[frags.length - 1]!;
  if (end.position + end.length > bytes.length) return fail(`${file}: file is truncated inside the compressed pixel data`);
  if (frames === 1) return ok([concat(bytes, frags)]);
  const bot = el.basicOffsetTable ?? [];
  let groups: Fragment[][];
  if (bot.length === frames) {
    groups = bot.map((start, f) => {
      const stop = f + 1 < frames ? bot[f + 1]! : Infinity;
      return frags.filter((fr) => fr.offset >= start && fr.offset < stop);
    });
  } else if (frags.length === frames) {
    groups = frags.map((f) => [f]);
  } else {
    groups = [];
    for (const f of frags) {
      if (groups.length === 0 || startsFrame(bytes, f)) groups.push([f]);
      else groups[groups.length - 1]!.push(f);
    }
  }
  if (groups.length !== frames || groups.some((g) => g.length === 0)) {
    return fail(`${file}: cannot split the compressed pixel data into ${frames} frames (${frags.length} fragments, ${bot.length} offset-table entries, ${groups.length} frames found)`);
  }
  return ok(groups.map((g) => concat(bytes, g)));
}
