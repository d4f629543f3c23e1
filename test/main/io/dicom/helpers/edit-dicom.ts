import { createRequire } from 'node:module';
import type * as DicomParser from 'dicom-parser';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

/** A new top-level value: VR (two-byte-length VRs only) and the string or raw bytes; null deletes. */
export type Edit = { vr: string; value: string | Uint8Array } | null;

const SHORT_VRS = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US']);

function tagNumber(tag: string): number {
  return parseInt(tag.slice(1), 16);
}

function encode(tag: string, vr: string, value: string | Uint8Array): Uint8Array {
  if (!SHORT_VRS.has(vr)) throw new Error(`edit-dicom: VR ${vr} not supported`);
  let body = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  if (body.length % 2) body = Uint8Array.from([...body, vr === 'UI' ? 0 : 0x20]);
  const out = new Uint8Array(8 + body.length);
  const dv = new DataView(out.buffer);
  const n = tagNumber(tag);
  dv.setUint16(0, n >>> 16, true);
  dv.setUint16(2, n & 0xffff, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  dv.setUint16(6, body.length, true);
  out.set(body, 8);
  return out;
}

/**
 * Rewrites top-level elements of an explicit-VR little-endian Part-10 file (test fixtures
 * only: no group lengths after the meta header, edits on short-VR elements).
 */
export function editDicom(bytes: Uint8Array, edits: Record<string, Edit>): Uint8Array {
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  let out = bytes;
  // Apply from the end of the file backwards so earlier offsets stay valid.
  const tags = Object.keys(edits).sort((a, b) => tagNumber(b) - tagNumber(a));
  for (const tag of tags) {
    const edit = edits[tag]!;
    const el = ds.elements[tag];
    let start: number;
    let end: number;
    if (el) {
      const headerLength = el.vr && !SHORT_VRS.has(el.vr) ? 12 : 8;
      start = el.dataOffset - headerLength;
      end = el.dataOffset + el.length;
    } else {
      const next = Object.values(ds.elements)
        .filter((e) => tagNumber(e.tag) > tagNumber(tag) && !e.tag.startsWith('x0002'))
        .sort((a, b) => tagNumber(a.tag) - tagNumber(b.tag))[0];
      if (!next) throw new Error(`edit-dicom: nowhere to insert ${tag}`);
      start = next.dataOffset - (next.vr && !SHORT_VRS.has(next.vr) ? 12 : 8);
      end = start;
    }
    const insert = edit === null ? new Uint8Array(0) : encode(tag, edit.vr, edit.value);
    const next = new Uint8Array(out.length - (end - start) + insert.length);
    next.set(out.subarray(0, start), 0);
    next.set(insert, start);
    next.set(out.subarray(end), start + insert.length);
    out = next;
  }
  return out;
}

export const ds = (v: number[] | number) => ({ vr: 'DS', value: (Array.isArray(v) ? v : [v]).map((x) => String(+x.toFixed(6))).join('\\') });
export const ui = (v: string) => ({ vr: 'UI', value: v });
export const cs = (v: string) => ({ vr: 'CS', value: v });
