import type { GraphBuilder } from './builder';
import { t, type T } from './tensor';

/**
 * Reverse-mode bookkeeping for the train graph: every forward op records its inputs, its
 * output and how to turn the output's gradient into input gradients. Values used more than once
 * (encoder outputs feed the next level and every decoder's skip) have their contributions summed.
 */
interface Entry {
  readonly inputs: readonly T[];
  readonly output: T;
  /** Returns one gradient per input (null where the input needs none, e.g. the image). */
  readonly backward: (dOut: T) => readonly (T | null)[];
}

export class Tape {
  private readonly entries: Entry[] = [];

  record(inputs: readonly T[], output: T, backward: Entry['backward']): T {
    this.entries.push({ inputs, output, backward });
    return output;
  }

  /** Runs the recorded ops backwards from the given output gradients. */
  backward(g: GraphBuilder, seeds: readonly { value: T; grad: T }[]): void {
    const contribs = new Map<string, string[]>();
    const push = (name: string, grad: string): void => {
      const list = contribs.get(name);
      if (list) list.push(grad);
      else contribs.set(name, [grad]);
    };
    for (const s of seeds) push(s.value.name, s.grad.name);
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i] as Entry;
      const list = contribs.get(e.output.name);
      if (!list) continue; // output does not reach the loss
      const dOut = t(g.sum(list), e.output.shape);
      const grads = e.backward(dOut);
      grads.forEach((gr, k) => {
        if (gr) push((e.inputs[k] as T).name, gr.name);
      });
    }
  }
}
