import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { unwrap } from '../../../../src/shared/result';
import { createVolume, type Volume } from '../../../../src/shared/volume/volume';

/**
 * A minimal NRRD reader for the reference label maps that come with dcmqi's test data
 * (3D, short/unsigned char, raw or gzip, little endian, LPS or RAS space). Test-only: it
 * throws on anything else, because a silent misread would make a comparison meaningless.
 */
export function readNrrd(path: string): Volume<Int16Array | Uint8Array> {
  const bytes = readFileSync(path);
  const end = bytes.indexOf('\n\n');
  if (end < 0) throw new Error(`${path}: no end of NRRD header`);
  const fields = new Map<string, string>();
  for (const line of bytes.subarray(0, end).toString('latin1').split('\n').slice(1)) {
    if (line.startsWith('#')) continue;
    const at = line.indexOf(': ');
    if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 2).trim());
  }
  const need = (k: string): string => {
    const v = fields.get(k);
    if (v === undefined) throw new Error(`${path}: NRRD field "${k}" missing`);
    return v;
  };
  if (need('dimension') !== '3') throw new Error(`${path}: only 3D NRRD is supported`);
  if ((fields.get('endian') ?? 'little') !== 'little') throw new Error(`${path}: big endian NRRD`);
  const dims = need('sizes').split(/\s+/).map(Number);
  const vectors = [...need('space directions').matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.split(',').map(Number));
  const origin = (need('space origin').match(/\(([^)]*)\)/)?.[1] ?? '').split(',').map(Number);
  const space = need('space');
  const sign = space === 'left-posterior-superior' ? [1, 1, 1] : space === 'right-anterior-superior' ? [-1, -1, 1] : undefined;
  if (!sign || vectors.length !== 3) throw new Error(`${path}: unsupported NRRD space "${space}"`);
  const spacing = vectors.map((v) => Math.hypot(...v));
  const direction: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) direction.push((sign[r]! * vectors[c]![r]!) / spacing[c]!);
  const raw = bytes.subarray(end + 2);
  const encoding = need('encoding');
  const payload = encoding === 'gzip' || encoding === 'gz' ? gunzipSync(raw) : encoding === 'raw' ? raw : undefined;
  if (!payload) throw new Error(`${path}: unsupported NRRD encoding "${encoding}"`);
  const type = need('type');
  const n = dims[0]! * dims[1]! * dims[2]!;
  const copy = new Uint8Array(payload).buffer;
  let data: Int16Array | Uint8Array;
  if (['short', 'int16', 'signed short', 'int16_t'].includes(type)) data = new Int16Array(copy, 0, n);
  else if (['uchar', 'unsigned char', 'uint8', 'uint8_t'].includes(type)) data = new Uint8Array(copy, 0, n);
  else throw new Error(`${path}: unsupported NRRD type "${type}"`);
  return unwrap(createVolume({ dims, spacing, origin: origin.map((v, a) => v * sign[a]!), direction }, data));
}
