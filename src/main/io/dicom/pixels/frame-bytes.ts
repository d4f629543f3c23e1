import { fail, ok, type Result } from '../../../../shared/result';
import type { ImageHeader } from '../header';
import type { ParsedDicom } from '../parse-file';
import { TAG, TRANSFER_SYNTAX, transferSyntaxName } from '../tags';
import { decodeCompressedFrame, isCompressedSyntax } from './codecs';
import { encapsulatedFrames } from './encapsulated';
import { nativeFrameBytes, swapBytes } from './native';

const NATIVE_SYNTAXES = new Set<string>([
  TRANSFER_SYNTAX.implicitLittle, TRANSFER_SYNTAX.explicitLittle, TRANSFER_SYNTAX.deflatedExplicitLittle, TRANSFER_SYNTAX.explicitBig,
]);

export function isSupportedSyntax(ts: string): boolean {
  return NATIVE_SYNTAXES.has(ts) || isCompressedSyntax(ts);
}

/**
 * Gives the decoded little-endian sample bytes of the frames of one fully read file. Compressed
 * frames are split once per file and decoded on demand.
 */
export class FrameReader {
  private compressed?: Uint8Array[];

  constructor(private readonly parsed: ParsedDicom, private readonly header: ImageHeader) {}

  async frame(index: number): Promise<Result<Uint8Array>> {
    const { dataSet: ds, file, transferSyntax: ts } = this.parsed;
    const px = this.header.pixel;
    const el = ds.elements[TAG.pixelData];
    if (!px || !el) return fail(`${file}: no pixel data`);
    if (NATIVE_SYNTAXES.has(ts) || (!el.encapsulatedPixelData && !isCompressedSyntax(ts))) {
      if (el.encapsulatedPixelData) return fail(`${file}: pixel data is encapsulated but the transfer syntax ${transferSyntaxName(ts)} is not compressed`);
      const end = el.dataOffset + el.length;
      if (el.length === 0xffffffff || end > ds.byteArray.length) {
        return fail(`${file}: file is truncated: the pixel data needs ${el.length} bytes but only ${Math.max(0, ds.byteArray.length - el.dataOffset)} are present`);
      }
      const bytes = nativeFrameBytes(ds.byteArray.subarray(el.dataOffset, end), px, index, file);
      if (!bytes.ok || ts !== TRANSFER_SYNTAX.explicitBig) return bytes;
      // OB pixel data (8-bit) has no byte order; OW words are swapped.
      return ok(px.bitsAllocated > 8 ? swapBytes(bytes.value, px.bitsAllocated) : bytes.value);
    }
    if (!isCompressedSyntax(ts)) return fail(`${file}: unsupported transfer syntax ${ts}`);
    if (!el.encapsulatedPixelData) return fail(`${file}: transfer syntax ${transferSyntaxName(ts)} needs encapsulated pixel data, but the pixel data is not encapsulated`);
    if (!this.compressed) {
      const frames = encapsulatedFrames(ds, el, this.header.frames.length, file);
      if (!frames.ok) return frames;
      this.compressed = frames.value;
    }
    const encoded = this.compressed[index];
    if (!encoded) return fail(`${file}: frame ${index + 1} is absent from the compressed pixel data`);
    return decodeCompressedFrame(ts, encoded, px, file);
  }
}
