import { readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';

/**
 * A small container for prepared training data: a JSON header plus typed arrays, written
 * atomically, so a killed preparation never leaves a half file that a later run would trust.
 * Layout: "LTSBNDL1", u32 JSON length, JSON {meta, arrays}, arrays at 8-byte aligned offsets.
 */
const MAGIC = 'LTSBNDL1';

export type BundleArray = Int16Array | Uint8Array | Float32Array;
type ArrayKind = 'int16' | 'uint8' | 'float32';

interface Entry {
  readonly name: string;
  readonly kind: ArrayKind;
  readonly offset: number;
  readonly length: number;
}

function kindOf(a: BundleArray): ArrayKind {
  return a instanceof Int16Array ? 'int16' : a instanceof Uint8Array ? 'uint8' : 'float32';
}

const BYTES: Record<ArrayKind, number> = { int16: 2, uint8: 1, float32: 4 };

export function encodeBundle(meta: unknown, arrays: Readonly<Record<string, BundleArray>>): Uint8Array {
  const entries: Entry[] = [];
  let off = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, kind: kindOf(a), offset: off, length: a.length });
    off += Math.ceil(a.byteLength / 8) * 8;
  }
  const json = new TextEncoder().encode(JSON.stringify({ meta, arrays: entries }));
  const start = Math.ceil((12 + json.length) / 8) * 8;
  const out = new Uint8Array(start + off);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  for (const e of entries) {
    const a = arrays[e.name]!;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + e.offset);
  }
  return out;
}

export interface Bundle {
  readonly meta: unknown;
  readonly arrays: Readonly<Record<string, BundleArray>>;
}

export function decodeBundle(bytes: Uint8Array, what: string): Result<Bundle> {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail(`${what}: not a LungTS data bundle`);
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + len > bytes.length) return fail(`${what}: truncated header`);
  let header: { meta: unknown; arrays: Entry[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as { meta: unknown; arrays: Entry[] };
  } catch {
    return fail(`${what}: damaged header`);
  }
  const start = Math.ceil((12 + len) / 8) * 8;
  const arrays: Record<string, BundleArray> = {};
  for (const e of header.arrays) {
    const from = start + e.offset;
    const bytesLen = e.length * BYTES[e.kind];
    if (from + bytesLen > bytes.length) return fail(`${what}: truncated (ends inside ${e.name})`);
    // A copy the caller owns (Buffer#slice would share the file's memory, not copy it).
    const copy = new ArrayBuffer(bytesLen);
    new Uint8Array(copy).set(bytes.subarray(from, from + bytesLen));
    arrays[e.name] = e.kind === 'int16' ? new Int16Array(copy) : e.kind === 'uint8' ? new Uint8Array(copy) : new Float32Array(copy);
  }
  return ok({ meta: header.meta, arrays });
}

export function writeBundle(path: string, meta: unknown, arrays: Readonly<Record<string, BundleArray>>): Result<void> {
  try {
    writeFileAtomic(path, encodeBundle(meta, arrays));
    return ok(undefined);
  } catch (e) {
    return fail(`cannot write ${path}: ${(e as Error).message}`);
  }
}

export function readBundle(path: string): Result<Bundle> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return fail(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return decodeBundle(bytes, path);
}
