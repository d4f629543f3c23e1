import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fail, ok, type Result } from '../../../../shared/result';
import type { ImageHeader } from '../header';
import { TRANSFER_SYNTAX } from '../tags';
import { frameByteLength, swapBytes } from './native';

/**
 * Reads one frame of uncompressed pixel data straight from its offset in the file (known from
 * the header scan) into a reused buffer: no second parse of the header, no per-file allocation.
 * The returned bytes are valid until the next call with the same buffer.
 */
export class NativeFrameFileReader {
  private buffer = new Uint8Array(0);

  read(header: ImageHeader, frame: number): Result<Uint8Array> {
    const where = header.nativePixelData;
    const px = header.pixel;
    if (!where || !px) throw new Error('NativeFrameFileReader: header without native pixel data');
    const size = frameByteLength(px);
    const start = where.offset + frame * size;
    if ((frame + 1) * size > where.length) {
      return fail(`${header.file}: pixel data holds ${where.length} bytes but frame ${frame + 1} needs bytes up to ${(frame + 1) * size}`);
    }
    if (this.buffer.length < size) this.buffer = new Uint8Array(size);
    let fd: number;
    try {
      fd = openSync(header.file, 'r');
    } catch (e) {
      return fail(`${header.file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    try {
      const fileSize = fstatSync(fd).size;
      if (start + size > fileSize) {
        return fail(`${header.file}: file is truncated: the pixel data needs ${where.length} bytes but only ${Math.max(0, fileSize - where.offset)} are present`);
      }
      let got = 0;
      while (got < size) {
        const n = readSync(fd, this.buffer, got, size - got, start + got);
        if (n === 0) return fail(`${header.file}: file is truncated inside the pixel data`);
        got += n;
      }
    } catch (e) {
      return fail(`${header.file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    } finally {
      closeSync(fd);
    }
    const bytes = this.buffer.subarray(0, size);
    return ok(header.transferSyntax === TRANSFER_SYNTAX.explicitBig && px.bitsAllocated > 8 ? swapBytes(bytes, px.bitsAllocated) : bytes);
  }
}
