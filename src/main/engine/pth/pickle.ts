/**
 * A minimal, side-effect-free unpickler (protocols 2-5) for PyTorch checkpoints. Nothing is
 * executed: globals become names, and REDUCE/NEWOBJ either go to the caller's `reduce` hook
 * (torch's tensor rebuild functions) or become inert `PyObject`s.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PyGlobal
  | PyObject
  | { readonly kind: 'custom'; readonly value: unknown };

export interface PyTuple {
  readonly kind: 'tuple';
  readonly items: PyValue[];
}
export interface PyDict {
  readonly kind: 'dict';
  readonly map: Map<PyValue, PyValue>;
}
export interface PyGlobal {
  readonly kind: 'global';
  readonly name: string;
}
export interface PyObject {
  readonly kind: 'object';
  readonly cls: string;
  readonly args: PyValue[];
  state?: PyValue;
}

export interface UnpickleHooks {
  /** BINPERSID: torch uses it for tensor storages. */
  persistentLoad(pid: PyValue): PyValue;
  /** REDUCE on a global: return a value, or undefined for an inert PyObject. */
  reduce(callable: string, args: PyValue[]): PyValue | undefined;
}

export class PickleError extends Error {
  override readonly name = 'PickleError';
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

export function isTuple(v: PyValue): v is PyTuple {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && v.kind === 'tuple';
}
export function isDict(v: PyValue): v is PyDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && v.kind === 'dict';
}

export function unpickle(data: Uint8Array, hooks: UnpickleHooks): PyValue {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const dec = new TextDecoder();
  const stack: StackItem[] = [];
  const memo = new Map<number, PyValue>();
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > data.length) throw new PickleError('truncated pickle');
  };
  const u8 = (): number => (need(1), data[pos++] as number);
  const u16 = (): number => (need(2), (pos += 2), dv.getUint16(pos - 2, true));
  const u32 = (): number => (need(4), (pos += 4), dv.getUint32(pos - 4, true));
  const bytes = (n: number): Uint8Array => (need(n), (pos += n), data.subarray(pos - n, pos));
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError('truncated pickle line');
    const s = dec.decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) throw new PickleError('pickle stack underflow');
    return v;
  };
  const popMark = (): PyValue[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw new PickleError('pickle MARK missing');
    const items = stack.splice(i) as PyValue[];
    items.shift();
    return items;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) throw new PickleError('pickle stack empty');
    return v;
  };
  const setItems = (target: PyValue, items: PyValue[]): void => {
    if (!isDict(target)) throw new PickleError('SETITEM(S) on a non-dict');
    for (let i = 0; i + 1 < items.length; i += 2) target.map.set(items[i] as PyValue, items[i + 1] as PyValue);
  };
  const append = (target: PyValue, items: PyValue[]): void => {
    if (!Array.isArray(target)) throw new PickleError('APPEND(S) on a non-list');
    target.push(...items);
  };
  const call = (fn: PyValue, args: PyValue): PyValue => {
    const list = isTuple(args) ? args.items : [];
    if (typeof fn === 'object' && fn !== null && !Array.isArray(fn) && !(fn instanceof Uint8Array) && fn.kind === 'global') {
      const r = hooks.reduce(fn.name, list);
      if (r !== undefined) return r;
      return { kind: 'object', cls: fn.name, args: list };
    }
    throw new PickleError('REDUCE on a non-callable');
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: pos += 8; break; // FRAME
      case 0x2e: return pop(); // STOP
      case 0x28: stack.push(MARK); break;
      case 0x7d: stack.push({ kind: 'dict', map: new Map() }); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push({ kind: 'tuple', items: [] }); break; // EMPTY_TUPLE
      case 0x74: stack.push({ kind: 'tuple', items: popMark() }); break; // TUPLE
      case 0x85: stack.push({ kind: 'tuple', items: [pop()] }); break;
      case 0x86: { const b = pop(); const a = pop(); stack.push({ kind: 'tuple', items: [a, b] }); break; }
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push({ kind: 'tuple', items: [a, b, c] }); break; }
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x64: { const d: PyDict = { kind: 'dict', map: new Map() }; setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { const k = op === 0x68 ? u8() : u32(); if (!memo.has(k)) throw new PickleError(`memo ${k} missing`); stack.push(memo.get(k) as PyValue); break; }
      case 0x4a: stack.push((u32() << 0)); break; // BININT (signed)
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x8a: { // LONG1
        const b = bytes(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
        if (b.length && ((b[b.length - 1] as number) & 0x80)) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: need(8); stack.push(dv.getFloat64(pos, false)); pos += 8; break; // BINFLOAT (big-endian)
      case 0x4e: stack.push(null); break;
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x58: stack.push(dec.decode(bytes(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(dec.decode(bytes(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: { need(8); const n = Number(dv.getBigUint64(pos, true)); pos += 8; stack.push(dec.decode(bytes(n))); break; }
      case 0x54: stack.push(dec.decode(bytes(u32()))); break; // BINSTRING
      case 0x55: stack.push(dec.decode(bytes(u8()))); break; // SHORT_BINSTRING
      case 0x42: stack.push(bytes(u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(bytes(u8()).slice()); break; // SHORT_BINBYTES
      case 0x63: { const mod = line(); const name = line(); stack.push({ kind: 'global', name: `${mod}.${name}` }); break; } // GLOBAL
      case 0x93: { const name = pop(); const mod = pop(); stack.push({ kind: 'global', name: `${String(mod)}.${String(name)}` }); break; }
      case 0x52: { const args = pop(); const fn = pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x81: { const args = pop(); const cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ
      case 0x62: { // BUILD: set state on the object below; dict state on OrderedDict is metadata we ignore
        const state = pop();
        const obj = top();
        if (typeof obj === 'object' && obj !== null && !Array.isArray(obj) && !(obj instanceof Uint8Array) && obj.kind === 'object') obj.state = state;
        break;
      }
      case 0x51: stack.push(hooks.persistentLoad(pop())); break; // BINPERSID
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); append(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      default:
        throw new PickleError(`unsupported pickle opcode 0x${op.toString(16)} at byte ${pos - 1}`);
    }
  }
}
