import { readFields, type PbField } from './protobuf';
import { DataType } from './model';

/**
 * Reads back what our own exports hold: metadata and float initialisers (weights). Not a
 * general ONNX reader; enough to load a model file LungTS wrote, or to say why it cannot.
 */
export interface OnnxContents {
  readonly metadata: Record<string, string>;
  readonly initializers: Map<string, { dims: number[]; data: Float32Array }>;
}

const dec = new TextDecoder();

function str(f: PbField): string {
  return f.wire === 2 ? dec.decode(f.value) : '';
}

function readInts(f: PbField): number[] {
  if (f.wire === 0) return [Number(f.value)];
  if (f.wire !== 2) return [];
  const out: number[] = [];
  let pos = 0;
  const b = f.value;
  while (pos < b.length) {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const byte = b[pos++] as number;
      v |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
    }
    out.push(Number(BigInt.asIntN(64, v)));
  }
  return out;
}

function readTensor(bytes: Uint8Array): { name: string; dims: number[]; data: Float32Array } | { error: string } {
  let name = '';
  const dims: number[] = [];
  let type = 0;
  let raw: Uint8Array | undefined;
  let floats: Uint8Array | undefined;
  for (const f of readFields(bytes)) {
    if (f.field === 1) dims.push(...readInts(f));
    else if (f.field === 2 && f.wire === 0) type = Number(f.value);
    else if (f.field === 8) name = str(f);
    else if (f.field === 9 && f.wire === 2) raw = f.value;
    else if (f.field === 4 && f.wire === 2) floats = f.value;
    else if (f.field === 14 && f.wire === 0 && Number(f.value) === 1) return { error: `tensor ${name} keeps its data in an external file` };
  }
  if (type !== DataType.FLOAT) return { error: `tensor ${name} is not float32 (type ${type})` };
  const src = raw ?? floats ?? new Uint8Array(0);
  const n = dims.reduce((a, b) => a * b, 1);
  if (src.length !== n * 4) return { error: `tensor ${name} holds ${src.length} bytes, its shape needs ${n * 4}` };
  const data = new Float32Array(n);
  new Uint8Array(data.buffer).set(src);
  return { name, dims, data };
}

export function readOnnx(bytes: Uint8Array): OnnxContents | { error: string } {
  const metadata: Record<string, string> = {};
  const initializers = new Map<string, { dims: number[]; data: Float32Array }>();
  let graph: Uint8Array | undefined;
  try {
    for (const f of readFields(bytes)) {
      if (f.field === 7 && f.wire === 2) graph = f.value;
      else if (f.field === 14 && f.wire === 2) {
        let k = '';
        let v = '';
        for (const e of readFields(f.value)) {
          if (e.field === 1) k = str(e);
          else if (e.field === 2) v = str(e);
        }
        metadata[k] = v;
      }
    }
    if (!graph) return { error: 'no graph (not an ONNX model)' };
    for (const f of readFields(graph)) {
      if (f.field !== 5 || f.wire !== 2) continue;
      const t = readTensor(f.value);
      if ('error' in t) return t;
      initializers.set(t.name, { dims: t.dims, data: t.data });
    }
  } catch (e) {
    return { error: `not a readable ONNX file (${(e as Error).message})` };
  }
  return { metadata, initializers };
}
