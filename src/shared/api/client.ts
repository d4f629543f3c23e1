import { fail, type Result } from '../result';
import { createVolume, type Mask, type Volume } from '../volume/volume';
import type { ApiInput, ApiOutput, BinaryMessage } from './contract';
import type { ApiMethod } from './methods';
import type { MaskMeta } from './schemas/annotations';
import type { VolumeMeta } from './schemas/cases';
import { ApiEventSchema, type ApiEvent } from './schemas/events';
import type { ApiTransport } from './transport';
import { methodKind, parseReply } from './validate';

/**
 * The renderer's handle on main. Every reply and event is validated against the contract, so
 * a renderer and a main process from different builds fail with a message, not a wrong picture.
 *
 *   const api = createApiClient(createIpcTransport(window.lungts));          // Electron
 *   const api = createApiClient(createHttpTransport({ baseUrl, token, ... })); // browser
 *   const cases = await api.call('cases.list', { filter: 'pending' });
 *   if (cases.ok) ... else show(cases.error);
 */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Result<ApiOutput<M>>>;
  /** Valid events only (an invalid one is dropped and reported through `onInvalidEvent`). */
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

export function createApiClient(transport: ApiTransport, onInvalidEvent: (raw: unknown, why: string) => void = () => undefined): ApiClient {
  return {
    async call(method, input) {
      const reply = await transport.request(method, input, methodKind(method));
      return parseReply(method, reply);
    },
    onEvent(listener) {
      return transport.subscribe((raw) => {
        const r = ApiEventSchema.safeParse(raw);
        if (r.success) listener(r.data);
        else onInvalidEvent(raw, r.error.message);
      });
    },
  };
}

/** Views bytes as a typed array without copying when aligned, copying otherwise. */
function view<T>(bytes: Uint8Array, bytesPer: number, make: (buf: ArrayBufferLike, off: number, len: number) => T, copy: (b: Uint8Array) => T): T {
  if (bytes.byteLength % bytesPer !== 0) throw new Error('byte length is not a whole number of voxels');
  return bytes.byteOffset % bytesPer === 0 ? make(bytes.buffer, bytes.byteOffset, bytes.byteLength / bytesPer) : copy(bytes);
}

/** The CT of a `volume.get` reply as a Volume (Int16 HU on the case grid). */
export function volumeFromMessage(msg: BinaryMessage<VolumeMeta>): Result<Volume<Int16Array>> {
  if (msg.bytes.byteLength % 2 !== 0) return fail('CT volume bytes are not whole Int16 voxels');
  const data = view(
    msg.bytes,
    2,
    (b, o, n) => new Int16Array(b, o, n),
    (b) => new Int16Array(b.slice().buffer),
  );
  return createVolume(msg.meta.geometry, data);
}

/** The mask of an `annotations.mask` reply as a Mask on the case grid. */
export function maskFromMessage(msg: BinaryMessage<MaskMeta>): Result<Mask> {
  return createVolume(msg.meta.geometry, msg.bytes);
}

/** Voxel bytes of a volume, as `bytes` of a binary message (no copy). */
export function volumeBytes(v: Pick<Volume, 'data'>): Uint8Array {
  return new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength);
}

