import { PbWriter, readFields } from './protobuf';

/**
 * A hand-written encoder for the subset of onnx.proto our graphs use (field numbers from
 * onnx/onnx.proto, IR version 8). Keeping it small avoids a protobuf dependency and keeps
 * weight blobs as views until the final write.
 */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export interface TensorValue {
  readonly name: string;
  readonly dataType: DataTypeCode;
  readonly dims: readonly number[];
  /** Little-endian element bytes (a view is fine). */
  readonly raw: Uint8Array;
}

export type AttrValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'tensor'; readonly value: TensorValue };

export interface NodeDef {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

export interface ValueInfo {
  readonly name: string;
  readonly dataType: DataTypeCode;
  /** Numbers are fixed sizes, strings symbolic ones. */
  readonly dims: readonly (number | string)[];
}

export interface GraphDef {
  readonly name: string;
  readonly nodes: readonly NodeDef[];
  readonly initializers: readonly TensorValue[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

export interface ModelDef {
  readonly graph: GraphDef;
  readonly producerVersion: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly docString?: string;
}

function tensorProto(t: TensorValue): PbWriter {
  const w = new PbWriter();
  w.packedInts(1, t.dims);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.raw);
  return w;
}

const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7 } as const;

function attributeProto(name: string, a: AttrValue): PbWriter {
  const w = new PbWriter();
  w.string(1, name);
  w.int(20, ATTR_TYPE[a.kind]);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.int(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'tensor':
      w.message(5, tensorProto(a.value));
      break;
    case 'floats':
      w.packedFloats(7, a.value);
      break;
    case 'ints':
      w.packedInts(8, a.value);
      break;
  }
  return w;
}

function nodeProto(n: NodeDef): PbWriter {
  const w = new PbWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attrs)) w.message(5, attributeProto(k, v));
  return w;
}

function valueInfoProto(v: ValueInfo): PbWriter {
  const shape = new PbWriter();
  for (const d of v.dims) {
    const dim = new PbWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new PbWriter().int(1, v.dataType).message(2, shape);
  const type = new PbWriter().message(1, tensorType);
  return new PbWriter().string(1, v.name).message(2, type);
}

function graphProto(g: GraphDef): PbWriter {
  const w = new PbWriter();
  for (const n of g.nodes) w.message(1, nodeProto(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensorProto(t));
  for (const i of g.inputs) w.message(11, valueInfoProto(i));
  for (const o of g.outputs) w.message(12, valueInfoProto(o));
  return w;
}

/** Serialises a model to ONNX bytes (ModelProto). */
export function encodeModel(m: ModelDef): Uint8Array {
  const w = new PbWriter();
  w.int(1, ONNX_IR_VERSION);
  w.string(2, 'lungts');
  w.string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, graphProto(m.graph));
  w.message(8, new PbWriter().string(1, '').int(2, ONNX_OPSET));
  for (const [k, v] of Object.entries(m.metadata)) w.message(14, new PbWriter().string(1, k).string(2, v));
  return w.finish();
}

/** Reads ModelProto.metadata_props (key -> value) from ONNX bytes without decoding the graph. */
export function readModelMetadata(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const dec = new TextDecoder();
  for (const f of readFields(bytes)) {
    if (f.field !== 14 || f.wire !== 2) continue;
    let key = '';
    let value = '';
    for (const e of readFields(f.value)) {
      if (e.wire !== 2) continue;
      if (e.field === 1) key = dec.decode(e.value);
      else if (e.field === 2) value = dec.decode(e.value);
    }
    out[key] = value;
  }
  return out;
}

export function floatTensor(name: string, data: Float32Array, dims: readonly number[]): TensorValue {
  return { name, dataType: DataType.FLOAT, dims, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export function int64Tensor(name: string, values: readonly number[], dims: readonly number[] = [values.length]): TensorValue {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dataType: DataType.INT64, dims, raw: new Uint8Array(data.buffer) };
}
