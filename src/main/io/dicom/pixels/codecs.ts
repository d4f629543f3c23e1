import { createRequire } from 'node:module';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PixelFormat } from '../header';
import { TRANSFER_SYNTAX } from '../tags';

/** The slice of dcmjs-codecs' API used here (its WebAssembly build of dcmtk's libjpeg 8/12/16-bit, CharLS, OpenJPEG and RLE). */
interface CodecContext {
  getDecodedBuffer(): Uint8Array;
}
interface CodecsModule {
  NativeCodecs: {
    initializeAsync(opts?: Record<string, unknown>): Promise<void>;
    isInitialized(): boolean;
    decodeRle(c: CodecContext): CodecContext;
    decodeJpeg(c: CodecContext, p?: { convertColorspaceToRgb?: boolean }): CodecContext;
    decodeJpegLs(c: CodecContext): CodecContext;
    decodeJpeg2000(c: CodecContext): CodecContext;
  };
  Context: new (attrs: Record<string, unknown>) => CodecContext;
}

type Decoder = 'rle' | 'jpeg' | 'jpegls' | 'jpeg2000';

const DECODERS: Record<string, Decoder> = {
  [TRANSFER_SYNTAX.rle]: 'rle',
  [TRANSFER_SYNTAX.jpegBaseline]: 'jpeg',
  [TRANSFER_SYNTAX.jpegExtended]: 'jpeg',
  [TRANSFER_SYNTAX.jpegSpectral]: 'jpeg',
  [TRANSFER_SYNTAX.jpegProgressive]: 'jpeg',
  [TRANSFER_SYNTAX.jpegLossless]: 'jpeg',
  [TRANSFER_SYNTAX.jpegLosslessSv1]: 'jpeg',
  [TRANSFER_SYNTAX.jpegLsLossless]: 'jpegls',
  [TRANSFER_SYNTAX.jpegLsNearLossless]: 'jpegls',
  [TRANSFER_SYNTAX.jpeg2000Lossless]: 'jpeg2000',
  [TRANSFER_SYNTAX.jpeg2000]: 'jpeg2000',
};

export function isCompressedSyntax(ts: string): boolean {
  return ts in DECODERS;
}

let codecs: Promise<CodecsModule> | undefined;

/** Loads and initialises the WebAssembly codecs once per process (only when a compressed file is met). */
export function loadCodecs(): Promise<CodecsModule> {
  codecs ??= (async () => {
    const mod = createRequire(import.meta.url)('dcmjs-codecs') as CodecsModule;
    if (!mod.NativeCodecs.isInitialized()) await mod.NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false });
    return mod;
  })();
  return codecs;
}

/** Decodes one compressed frame to little-endian samples laid out as uncompressed pixel data would be. */
export async function decodeCompressedFrame(ts: string, encoded: Uint8Array, px: PixelFormat, file: string): Promise<Result<Uint8Array>> {
  const kind = DECODERS[ts];
  if (!kind) return fail(`${file}: unsupported transfer syntax ${ts}`);
  const mod = await loadCodecs();
  const context = new mod.Context({
    width: px.columns,
    height: px.rows,
    bitsAllocated: px.bitsAllocated,
    bitsStored: px.bitsStored,
    samplesPerPixel: px.samplesPerPixel,
    pixelRepresentation: px.pixelRepresentation,
    planarConfiguration: px.planarConfiguration,
    photometricInterpretation: px.photometric,
    encodedBuffer: encoded,
  });
  let decoded: Uint8Array;
  try {
    const c = kind === 'rle' ? mod.NativeCodecs.decodeRle(context)
      : kind === 'jpeg' ? mod.NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: false })
      : kind === 'jpegls' ? mod.NativeCodecs.decodeJpegLs(context)
      : mod.NativeCodecs.decodeJpeg2000(context);
    decoded = c.getDecodedBuffer();
  } catch (e) {
    return fail(`${file}: cannot decode the compressed pixel data (${e instanceof Error ? e.message : String(e)})`);
  }
  const expected = Math.ceil((px.rows * px.columns * px.samplesPerPixel * px.bitsAllocated) / 8);
  if (!decoded || decoded.length < expected) {
    return fail(`${file}: the compressed pixel data decoded to ${decoded?.length ?? 0} bytes where ${expected} were expected (corrupt or truncated frame)`);
  }
  return ok(decoded.subarray(0, expected));
}
