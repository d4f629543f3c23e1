import { describe, expect, it } from 'vitest';
import { EditRecorder, applyEdit, editBytes, editedSlices } from '../../../src/shared/editing/mask-edit';
import { UndoRing } from '../../../src/shared/editing/undo-ring';
import { emptyMask, maskFromSlices, sliceToStrings } from './helpers';

describe('EditRecorder', () => {
  it('keeps the first before-value of a voxel written twice and drops voxels written back', () => {
    const m = emptyMask([4, 1, 1]);
    m.data[2] = 1;
    const rec = new EditRecorder(m, 'brush');
    rec.set(0, 1);
    rec.set(0, 1);
    rec.set(1, 1);
    rec.set(1, 0); // back to original: no net change
    rec.set(2, 0);
    const e = rec.finish();
    expect([...e.indices]).toEqual([0, 2]);
    expect([...e.before]).toEqual([0, 1]);
    expect([...e.after]).toEqual([1, 0]);
    applyEdit(m, e, 'undo');
    expect([...m.data]).toEqual([0, 0, 1, 0]);
    applyEdit(m, e, 'redo');
    expect([...m.data]).toEqual([1, 0, 0, 0]);
  });

  it('names the axial slices an edit touched', () => {
    const m = emptyMask([2, 2, 3]);
    const rec = new EditRecorder(m, 'x');
    rec.set(0, 1);
    rec.set(2 * 2 * 2 + 3, 1);
    expect(editedSlices(m, rec.finish())).toEqual([0, 2]);
  });
});

describe('UndoRing', () => {
  function stroke(m: ReturnType<typeof emptyMask>, idx: number[]) {
    const rec = new EditRecorder(m, `set ${idx.join(',')}`);
    for (const i of idx) rec.set(i, 1);
    return rec.finish();
  }

  it('undoes and redoes strokes in order, and a new stroke clears the redo branch', () => {
    const m = maskFromSlices([['....']]);
    const ring = new UndoRing();
    ring.push(stroke(m, [0]));
    ring.push(stroke(m, [1, 2]));
    expect(sliceToStrings(m, 0)).toEqual(['###.']);
    expect(ring.nextUndoLabel).toBe('set 1,2');
    ring.undo(m);
    expect(sliceToStrings(m, 0)).toEqual(['#...']);
    ring.undo(m);
    expect(sliceToStrings(m, 0)).toEqual(['....']);
    expect(ring.undo(m)).toBeUndefined();
    ring.redo(m);
    expect(sliceToStrings(m, 0)).toEqual(['#...']);
    ring.push(stroke(m, [3]));
    expect(ring.canRedo).toBe(false);
    expect(sliceToStrings(m, 0)).toEqual(['#..#']);
  });

  it('forgets the oldest edits beyond its byte budget but always keeps the newest', () => {
    const m = emptyMask([100, 1, 1]);
    const e1 = stroke(m, [0, 1, 2, 3]);
    const per = editBytes(e1); // 4 voxels * (4 + 1 + 1) bytes
    expect(per).toBe(24);
    const ring = new UndoRing(per * 2);
    ring.push(e1);
    ring.push(stroke(m, [10, 11, 12, 13]));
    ring.push(stroke(m, [20, 21, 22, 23]));
    expect(ring.depth).toBe(2);
    expect(ring.storedBytes).toBeLessThanOrEqual(per * 2);
    ring.undo(m);
    ring.undo(m);
    expect(ring.canUndo).toBe(false);
    // the forgotten first stroke stays applied; the two undone are gone
    expect([...m.data.slice(0, 4)]).toEqual([1, 1, 1, 1]);
    expect(m.data[10]).toBe(0);
    expect(m.data[20]).toBe(0);

    const tiny = new UndoRing(1);
    tiny.push(stroke(m, [50, 51]));
    expect(tiny.depth).toBe(1);
    tiny.undo(m);
    expect(m.data[50]).toBe(0);
  });

  it('a 512x512x300 mask stroke history stays within budget (diffs, not volumes)', () => {
    const m = emptyMask([512, 512, 300]);
    const ring = new UndoRing(1024 * 1024);
    for (let s = 0; s < 200; s++) {
      const rec = new EditRecorder(m, 'brush');
      for (let n = 0; n < 2000; n++) rec.set(s * 5000 + n, 1);
      ring.push(rec.finish());
    }
    expect(ring.storedBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(ring.depth).toBe(Math.floor((1024 * 1024) / (2000 * 6)));
  });
});
