import { readFileSync } from 'node:fs';
import { paramLayout, parseModelCard, type ModelCard, type UNetSpec } from '../../shared/network';
import { fail, ok, type Result } from '../../shared/result';
import { writeFileAtomic } from '../fs/atomic';
import { checkCardAgainst } from './card';
import { DEFAULT_ADAM, type AdamHyper } from './graph/adam';

/**
 * A training checkpoint: weights, Adam state and the model card (spec + provenance + metrics),
 * in one file written atomically, so an interrupted save leaves the previous checkpoint intact.
 *
 * Layout: "LTSCKPT\0", u32 format version, u32 header length, JSON header, zero padding to a
 * 64-byte boundary, then float32 little-endian blobs (params, and m and v when present).
 */
export const CHECKPOINT_FORMAT = 1;
const MAGIC = 'LTSCKPT\0';

export interface AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** Optimiser updates taken so far (Adam's t). */
  readonly step: number;
  readonly hyper: AdamHyper;
  readonly lr: number;
}

export interface Checkpoint {
  readonly card: ModelCard;
  readonly params: Float32Array;
  readonly adam?: AdamState;
}

interface Header {
  card: unknown;
  adam: { step: number; hyper: AdamHyper; lr: number } | null;
  layout: [string, number[]][];
  blobs: Record<string, { offset: number; length: number }>;
}

export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const spec = ck.card.spec as UNetSpec;
  const layout = paramLayout(spec);
  if (ck.params.length !== layout.total) throw new Error(`checkpoint params hold ${ck.params.length} values, the spec needs ${layout.total}`);
  const blobs: [string, Float32Array][] = [['params', ck.params]];
  if (ck.adam) blobs.push(['m', ck.adam.m], ['v', ck.adam.v]);
  const header: Header = {
    card: ck.card,
    adam: ck.adam ? { step: ck.adam.step, hyper: ck.adam.hyper, lr: ck.adam.lr } : null,
    layout: layout.entries.map((e) => [e.name, [...e.shape]]),
    blobs: {},
  };
  let off = 0;
  for (const [name, data] of blobs) {
    header.blobs[name] = { offset: off, length: data.length };
    off += data.length * 4;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((16 + json.length) / 64) * 64;
  const out = new Uint8Array(start + off);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, CHECKPOINT_FORMAT, true);
  dv.setUint32(12, json.length, true);
  out.set(json, 16);
  for (const [name, data] of blobs) {
    const b = header.blobs[name] as { offset: number };
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), start + b.offset);
  }
  return out;
}

export function writeCheckpoint(path: string, ck: Checkpoint): Result<void> {
  try {
    writeFileAtomic(path, encodeCheckpoint(ck));
    return ok(undefined);
  } catch (e) {
    return fail(`could not write checkpoint ${path}: ${(e as Error).message}`);
  }
}

/** Decodes checkpoint bytes; `expect` refuses a checkpoint of another network. */
export function decodeCheckpoint(bytes: Uint8Array, what: string, expect?: UNetSpec): Result<Checkpoint> {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return fail(`${what}: not a LungTS checkpoint`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version > CHECKPOINT_FORMAT) return fail(`${what}: checkpoint format ${version} is newer than this program reads (${CHECKPOINT_FORMAT}); update LungTS`);
  const hlen = dv.getUint32(12, true);
  if (16 + hlen > bytes.length) return fail(`${what}: truncated checkpoint header`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + hlen))) as Header;
  } catch {
    return fail(`${what}: damaged checkpoint header`);
  }
  const card = parseModelCard(header.card);
  if (!card.ok) return fail(`${what}: ${card.error}`);
  const spec = card.value.spec as UNetSpec;
  const layout = paramLayout(spec);
  const names = layout.entries.map((e) => `${e.name}:${e.shape.join('x')}`).join(',');
  if (!Array.isArray(header.layout) || header.layout.map(([n, s]) => `${n}:${s.join('x')}`).join(',') !== names) {
    return fail(`${what}: parameter layout does not match its network spec (written by an incompatible version)`);
  }
  const start = Math.ceil((16 + hlen) / 64) * 64;
  const blob = (name: string): Result<Float32Array> => {
    const b = header.blobs?.[name];
    if (!b) return fail(`${what}: missing ${name}`);
    if (b.length !== layout.total) return fail(`${what}: ${name} holds ${b.length} values, expected ${layout.total}`);
    const from = start + b.offset;
    if (from + b.length * 4 > bytes.length) return fail(`${what}: truncated (the file ends inside ${name})`);
    // Copy into an aligned buffer that belongs to the caller (a Buffer's slice would share memory).
    const out = new Float32Array(b.length);
    new Uint8Array(out.buffer).set(bytes.subarray(from, from + b.length * 4));
    return ok(out);
  };
  const params = blob('params');
  if (!params.ok) return params;
  const checked = checkCardAgainst(card.value, params.value, expect, what);
  if (!checked.ok) return checked;
  let adam: AdamState | undefined;
  if (header.adam) {
    const m = blob('m');
    if (!m.ok) return m;
    const v = blob('v');
    if (!v.ok) return v;
    adam = { m: m.value, v: v.value, step: header.adam.step, hyper: { ...DEFAULT_ADAM, ...header.adam.hyper }, lr: header.adam.lr };
  }
  return ok({ card: card.value, params: params.value, ...(adam ? { adam } : {}) });
}

export function readCheckpoint(path: string, expect?: UNetSpec): Result<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return fail(`cannot read checkpoint ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return decodeCheckpoint(bytes, path, expect);
}
