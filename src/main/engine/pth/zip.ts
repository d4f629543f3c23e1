import { inflateRawSync } from 'node:zlib';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * Just enough of ZIP to read a PyTorch checkpoint: torch.save writes an uncompressed ("stored")
 * archive; deflated entries (a re-zipped file) are inflated; ZIP64 records are followed for
 * archives or entries past 4 GiB.
 */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

export interface ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  read(name: string): Result<Uint8Array>;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function openZip(buf: Uint8Array, what: string): Result<ZipArchive> {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail(`${what}: not a zip archive`);
  let count = dv.getUint16(eocd + 10, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && dv.getUint32(eocd - 20, true) === EOCD64_LOCATOR) {
    const at = Number(dv.getBigUint64(eocd - 12, true));
    if (at + 56 > buf.length || dv.getUint32(at, true) !== EOCD64) return fail(`${what}: damaged ZIP64 directory`);
    count = Number(dv.getBigUint64(at + 32, true));
    cdOffset = Number(dv.getBigUint64(at + 48, true));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  const dec = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || dv.getUint32(p, true) !== CENTRAL) return fail(`${what}: damaged zip directory`);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localHeaderOffset = dv.getUint32(p + 42, true);
    const name = dec.decode(buf.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values replace the 0xffffffff placeholders, in order.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = dv.getUint16(e, true);
      const len = dv.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(dv.getBigUint64(q, true));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(dv.getBigUint64(q, true));
          q += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(dv.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
    p = end + commentLen;
  }
  return ok({
    entries,
    read(name) {
      const entry = entries.get(name);
      if (!entry) return fail(`${what}: no entry ${name}`);
      const h = entry.localHeaderOffset;
      if (h + 30 > buf.length || dv.getUint32(h, true) !== LOCAL) return fail(`${what}: damaged entry ${name}`);
      const start = h + 30 + dv.getUint16(h + 26, true) + dv.getUint16(h + 28, true);
      if (start + entry.compressedSize > buf.length) return fail(`${what}: truncated (entry ${name} runs past the end)`);
      const data = buf.subarray(start, start + entry.compressedSize);
      if (entry.method === 0) return ok(data);
      if (entry.method === 8) {
        try {
          return ok(inflateRawSync(data));
        } catch (err) {
          return fail(`${what}: cannot inflate ${name}: ${(err as Error).message}`);
        }
      }
      return fail(`${what}: entry ${name} uses unsupported compression method ${entry.method}`);
    },
  });
}
