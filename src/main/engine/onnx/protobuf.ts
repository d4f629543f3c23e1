/**
 * The few protobuf wire-format pieces ONNX needs. A message is built as a list of byte chunks
 * with a running length, so embedding a sub-message (or a 100 MB weight blob) never copies
 * it until the one final concatenation.
 */
export class PbWriter {
  private readonly parts: Uint8Array[] = [];
  private len = 0;
  private scratch: number[] = [];

  get length(): number {
    return this.len;
  }

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    const b = Uint8Array.from(this.scratch);
    this.parts.push(b);
    this.len += b.length;
    this.scratch = [];
  }

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < 0x80n) {
      this.scratch.push(Number(v));
      return;
    }
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  /** int32 / int64 / enum / bool field (negative numbers as 10-byte two's complement, as protobuf does). */
  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(data.length);
    this.flushScratch();
    this.parts.push(data);
    this.len += data.length;
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, sub: PbWriter): this {
    this.tag(field, 2);
    sub.flushScratch();
    this.varint(sub.len);
    this.flushScratch();
    for (const p of sub.parts) this.parts.push(p);
    this.len += sub.len;
    return this;
  }

  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const sub = new PbWriter();
    for (const v of values) sub.varint(v);
    sub.flushScratch();
    this.tag(field, 2);
    this.varint(sub.len);
    this.flushScratch();
    for (const p of sub.parts) this.parts.push(p);
    this.len += sub.len;
    return this;
  }

  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 4);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    this.flushScratch();
    const out = new Uint8Array(this.len);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

/** One field read back from a message: varints as bigint, length-delimited as a byte view. */
export type PbField = { field: number; wire: 0; value: bigint } | { field: number; wire: 2; value: Uint8Array } | { field: number; wire: 1 | 5; value: Uint8Array };

/** Reads the top-level fields of a message (enough to pull metadata out of an .onnx file). */
export function readFields(buf: Uint8Array): PbField[] {
  const out: PbField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated protobuf varint');
      const b = buf[pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('malformed protobuf varint');
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const n = Number(varint());
      if (pos + n > buf.length) throw new Error('truncated protobuf field');
      out.push({ field, wire, value: buf.subarray(pos, pos + n) });
      pos += n;
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (pos + n > buf.length) throw new Error('truncated protobuf field');
      out.push({ field, wire, value: buf.subarray(pos, pos + n) });
      pos += n;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
  return out;
}
