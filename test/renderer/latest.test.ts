import { describe, expect, it } from 'vitest';
import { Latest } from '../../src/renderer/lib/latest';

describe('Latest', () => {
  it('keeps only the newest ticket current, and supersede makes every ticket stale', () => {
    const latest = new Latest();
    expect(latest.started).toBe(false);
    const first = latest.take();
    expect(first()).toBe(true);
    const second = latest.take();
    expect([first(), second()]).toEqual([false, true]);
    latest.supersede();
    expect(second()).toBe(false);
    expect(latest.started).toBe(true);
  });

  it('drops the older of two overlapping replies whatever order they arrive in', async () => {
    const latest = new Latest();
    const shown: string[] = [];
    const ask = async (value: string, delayMs: number) => {
      const current = latest.take();
      await new Promise((r) => setTimeout(r, delayMs));
      if (current()) shown.push(value);
    };
    await Promise.all([ask('old', 30), ask('new', 5)]);
    expect(shown).toEqual(['new']);
  });
});
