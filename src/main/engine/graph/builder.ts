import {
  DataType,
  floatTensor,
  int64Tensor,
  type AttrValue,
  type GraphDef,
  type NodeDef,
  type TensorValue,
  type ValueInfo,
} from '../onnx/model';

export type Attrs = Record<string, AttrValue>;

export const ints = (value: readonly number[]): AttrValue => ({ kind: 'ints', value });
export const int = (value: number): AttrValue => ({ kind: 'int', value });
export const float = (value: number): AttrValue => ({ kind: 'float', value });

/**
 * Accumulates nodes, initialisers, inputs and outputs with unique value names. Constants are
 * deduplicated so a graph with hundreds of Slice nodes does not carry hundreds of copies of
 * the same index tensor.
 */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly initializers: TensorValue[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  private readonly used = new Set<string>();
  private readonly constCache = new Map<string, string>();
  /** Values renamed to graph outputs (see output): later consumers get the new name. */
  private readonly renamed = new Map<string, string>();
  private counter = 0;

  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  input(name: string, dims: readonly (number | string)[], dataType: ValueInfo['dataType'] = DataType.FLOAT): string {
    if (this.used.has(name)) throw new Error(`graph value ${name} defined twice`);
    this.used.add(name);
    this.inputs.push({ name, dataType, dims });
    return name;
  }

  /**
   * Declares `value` a graph output under `name`. A value computed here is renamed (its
   * producer writes the output directly); graph inputs and values already output get an
   * Identity. ORT only drops such an Identity when the value has no other consumer, and each
   * one it keeps is a full copy (the Adam state outputs: two extra passes per parameter).
   */
  output(name: string, produced: string, dims: readonly (number | string)[], dataType: ValueInfo['dataType'] = DataType.FLOAT): void {
    const value = this.renamed.get(produced) ?? produced;
    if (value !== name) {
      if (this.used.has(name)) throw new Error(`graph value ${name} defined twice`);
      this.used.add(name);
      const k = this.nodes.findIndex((n) => n.outputs.includes(value));
      if (k >= 0 && !this.outputs.some((o) => o.name === value)) {
        this.renamed.set(value, name);
        const swap = (xs: readonly string[]): string[] => xs.map((x) => (x === value ? name : x));
        this.nodes.forEach((n, i) => {
          if (i === k || n.inputs.includes(value)) this.nodes[i] = { ...n, inputs: swap(n.inputs), outputs: swap(n.outputs) };
        });
      } else {
        this.nodes.push({ opType: 'Identity', inputs: [value], outputs: [name], name: `out_${name}`, attrs: {} });
      }
    }
    this.outputs.push({ name, dataType, dims });
  }

  initializer(name: string, data: Float32Array, dims: readonly number[]): string {
    const n = this.fresh(name);
    this.initializers.push(floatTensor(n, data, dims));
    return n;
  }

  /** Adds one node; returns its output names. */
  node(opType: string, inputs: readonly string[], attrs: Attrs = {}, outputs = 1, hint = opType.toLowerCase()): string[] {
    const outs = Array.from({ length: outputs }, () => this.fresh(hint));
    const ins = this.renamed.size ? inputs.map((x) => this.renamed.get(x) ?? x) : inputs;
    this.nodes.push({ opType, inputs: ins, outputs: outs, name: this.fresh(`n_${hint}`), attrs });
    return outs;
  }

  op(opType: string, inputs: readonly string[], attrs: Attrs = {}, hint?: string): string {
    return this.node(opType, inputs, attrs, 1, hint)[0] as string;
  }

  constF(values: readonly number[], dims: readonly number[] = [values.length]): string {
    // -0 must not share +0's entry (the Adam gate relies on its sign).
    const key = `f:${dims.join(',')}:${values.map((v) => (Object.is(v, -0) ? '-0' : v)).join(',')}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = this.fresh('cf');
    this.initializers.push(floatTensor(name, Float32Array.from(values), dims));
    this.constCache.set(key, name);
    return name;
  }

  constI(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `i:${dims.join(',')}:${values.join(',')}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = this.fresh('ci');
    this.initializers.push(int64Tensor(name, values, dims));
    this.constCache.set(key, name);
    return name;
  }

  /** A scalar float constant (shape []), broadcasting against anything. */
  scalar(v: number): string {
    return this.constF([v], []);
  }

  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  reshape(x: string, shape: readonly number[]): string {
    return this.op('Reshape', [x, this.constI(shape)], {}, 'reshape');
  }
  /** Sum over the given axes, keeping them as size 1. */
  reduceSum(x: string, axes: readonly number[], keepdims = true): string {
    return this.op('ReduceSum', [x, this.constI(axes)], { keepdims: int(keepdims ? 1 : 0) });
  }
  reduceMean(x: string, axes: readonly number[], keepdims = true): string {
    return this.op('ReduceMean', [x], { axes: ints(axes), keepdims: int(keepdims ? 1 : 0) });
  }
  slice(x: string, starts: readonly number[], ends: readonly number[], axes: readonly number[], steps?: readonly number[]): string {
    const ins = [x, this.constI(starts), this.constI(ends), this.constI(axes)];
    if (steps) ins.push(this.constI(steps));
    return this.op('Slice', ins);
  }
  concat(xs: readonly string[], axis: number): string {
    return xs.length === 1 ? (xs[0] as string) : this.op('Concat', xs, { axis: int(axis) });
  }
  transpose(x: string, perm: readonly number[]): string {
    return this.op('Transpose', [x], { perm: ints(perm) });
  }
  /** Sum of several gradient contributions (one value passes through). */
  sum(xs: readonly string[]): string {
    if (xs.length === 0) throw new Error('sum of nothing');
    return xs.length === 1 ? (xs[0] as string) : this.op('Sum', xs);
  }

  graph(name: string): GraphDef {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs };
  }
}
