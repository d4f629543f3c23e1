import { fail, ok, type Result } from '../../../shared/result';
import { isDict, isTuple, PickleError, unpickle, type PyValue } from './pickle';
import { openZip } from './zip';

/**
 * Reads the tensors of a PyTorch checkpoint (the zip format torch.save has written since 1.6:
 * `<name>/data.pkl` plus one raw little-endian file per storage) into float32 arrays, without
 * Python. Finds the state dict whether saved bare or wrapped ({"state_dict": ...} and the like).
 */
export interface TorchTensor {
  readonly shape: number[];
  readonly data: Float32Array;
  readonly dtype: string;
}

export interface TorchStateDict {
  readonly tensors: Map<string, TorchTensor>;
  /** The key the state dict sat under ("state_dict", ...), or null when saved bare. */
  readonly wrapper: string | null;
}

const DTYPES: Record<string, { name: string; size: number }> = {
  FloatStorage: { name: 'float32', size: 4 },
  DoubleStorage: { name: 'float64', size: 8 },
  HalfStorage: { name: 'float16', size: 2 },
  BFloat16Storage: { name: 'bfloat16', size: 2 },
  LongStorage: { name: 'int64', size: 8 },
  IntStorage: { name: 'int32', size: 4 },
  ShortStorage: { name: 'int16', size: 2 },
  CharStorage: { name: 'int8', size: 1 },
  ByteStorage: { name: 'uint8', size: 1 },
  BoolStorage: { name: 'bool', size: 1 },
};

interface StorageRef {
  readonly storage: true;
  readonly dtype: string;
  readonly elemSize: number;
  readonly key: string;
}

const WRAPPERS = ['state_dict', 'model_state_dict', 'model', 'net', 'network', 'module'];

export function loadTorchStateDict(bytes: Uint8Array, what: string): Result<TorchStateDict> {
  if (bytes[0] === 0x80) {
    return fail(`${what}: legacy PyTorch format (saved before torch 1.6); re-save it with torch.save(torch.load(f), f2) in a recent PyTorch`);
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return fail(`${what}: not a PyTorch checkpoint (no zip archive)`);
  const zip = openZip(bytes, what);
  if (!zip.ok) return zip;
  const pkl = [...zip.value.entries.keys()].find((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
  if (!pkl) return fail(`${what}: no data.pkl inside (not a torch.save archive)`);
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  const order = zip.value.entries.has(`${prefix}byteorder`) ? zip.value.read(`${prefix}byteorder`) : ok(new TextEncoder().encode('little'));
  if (order.ok && new TextDecoder().decode(order.value).trim() === 'big') return fail(`${what}: big-endian checkpoints are not supported`);
  const pickled = zip.value.read(pkl);
  if (!pickled.ok) return pickled;

  const storages = new Map<string, Uint8Array>();
  const storageBytes = (ref: StorageRef): Uint8Array => {
    let b = storages.get(ref.key);
    if (!b) {
      const r = zip.value.read(`${prefix}data/${ref.key}`);
      if (!r.ok) throw new PickleError(r.error);
      b = r.value;
      storages.set(ref.key, b);
    }
    return b;
  };
  let root: PyValue;
  try {
    root = unpickle(pickled.value, {
      persistentLoad(pid) {
        if (!isTuple(pid) || pid.items[0] !== 'storage') throw new PickleError('unknown persistent id');
        const type = pid.items[1];
        const typeName = typeof type === 'object' && type !== null && 'kind' in type && type.kind === 'global' ? type.name.split('.').pop() ?? '' : '';
        const dt = DTYPES[typeName];
        if (!dt) throw new PickleError(`unsupported storage type ${typeName || String(type)}`);
        return { kind: 'custom', value: { storage: true, dtype: dt.name, elemSize: dt.size, key: String(pid.items[2]) } satisfies StorageRef };
      },
      reduce(callable, args) {
        if (callable === 'collections.OrderedDict') return { kind: 'dict', map: new Map() };
        if (callable === 'torch._utils._rebuild_parameter' || callable === 'torch._utils._rebuild_parameter_with_state') return args[0] ?? null;
        if (callable === 'torch._utils._rebuild_tensor_v2' || callable === 'torch._utils._rebuild_tensor') {
          return { kind: 'custom', value: rebuildTensor(args, storageBytes) };
        }
        return undefined;
      },
    });
  } catch (e) {
    return fail(`${what}: cannot read the checkpoint's pickle: ${(e as Error).message}`);
  }
  return findStateDict(root, what);
}

function rebuildTensor(args: PyValue[], storageBytes: (r: StorageRef) => Uint8Array): TorchTensor {
  const [storage, offset, size, stride] = args;
  if (!storage || typeof storage !== 'object' || !('kind' in storage) || storage.kind !== 'custom') throw new PickleError('tensor without storage');
  const ref = storage.value as StorageRef;
  const shape = isTuple(size as PyValue) ? (size as { items: PyValue[] }).items.map(Number) : [];
  const strides = isTuple(stride as PyValue) ? (stride as { items: PyValue[] }).items.map(Number) : [];
  const raw = storageBytes(ref);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const read = elementReader(ref, raw);
  const base = Number(offset ?? 0);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let at = base;
    for (let d = 0; d < shape.length; d++) at += (idx[d] as number) * (strides[d] as number);
    out[i] = read(at);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (shape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return { shape, data: out, dtype: ref.dtype };
}

function elementReader(ref: StorageRef, raw: Uint8Array): (i: number) => number {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const check = (i: number): number => {
    if (i < 0 || (i + 1) * ref.elemSize > raw.length) throw new PickleError(`tensor reads past its storage ${ref.key}`);
    return i * ref.elemSize;
  };
  switch (ref.dtype) {
    case 'float32': return (i) => dv.getFloat32(check(i), true);
    case 'float64': return (i) => dv.getFloat64(check(i), true);
    case 'float16': return (i) => halfToFloat(dv.getUint16(check(i), true));
    case 'bfloat16': return (i) => new Float32Array(new Uint32Array([dv.getUint16(check(i), true) << 16]).buffer)[0] as number;
    case 'int64': return (i) => Number(dv.getBigInt64(check(i), true));
    case 'int32': return (i) => dv.getInt32(check(i), true);
    case 'int16': return (i) => dv.getInt16(check(i), true);
    case 'int8': return (i) => dv.getInt8(check(i));
    default: return (i) => dv.getUint8(check(i));
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function tensorsOf(d: PyValue): Map<string, TorchTensor> {
  const out = new Map<string, TorchTensor>();
  if (!isDict(d)) return out;
  for (const [k, v] of d.map) {
    if (typeof k === 'string' && v && typeof v === 'object' && 'kind' in v && v.kind === 'custom' && 'shape' in (v.value as object)) {
      out.set(k, v.value as TorchTensor);
    }
  }
  return out;
}

function findStateDict(root: PyValue, what: string): Result<TorchStateDict> {
  const direct = tensorsOf(root);
  if (direct.size > 0) return ok({ tensors: direct, wrapper: null });
  if (isDict(root)) {
    for (const w of WRAPPERS) {
      const inner = root.map.get(w);
      if (inner !== undefined) {
        const t = tensorsOf(inner);
        if (t.size > 0) return ok({ tensors: t, wrapper: w });
      }
    }
  }
  return fail(`${what}: holds no state dict (no tensors at the top level or under ${WRAPPERS.join(', ')}); a whole pickled model object is not supported, save model.state_dict()`);
}
