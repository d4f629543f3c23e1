import { describe, expect, it } from 'vitest';
import { TEACHER_DECISION, teacherDecision } from '../../../src/shared/masks/teacher-decision';

describe('teacherDecision', () => {
  // voxels: [p, hu, inBox]
  const cases: [number, number, number][] = [
    [0.2, 30, 1], // dense, in a box, unsure network: tumour (0.6 * 0.2 + 0.4 = 0.52)
    [0.15, 30, 1], // dense, in a box, network says no: not tumour (0.49)
    [0.8, -800, 1], // air inside the box, fairly sure network: not tumour (0.48)
    [0.85, -800, 1], // very sure network: tumour (0.51)
    [0.9, 30, 0], // outside the drawn boxes (the slack margin), sure network: tumour
    [0.6, 30, 0], // outside, unsure: not tumour
  ];
  const prob = cases.map((c) => c[0]);
  const hu = cases.map((c) => c[1]);
  const box = cases.map((c) => c[2]);

  it('lets box and density lower the evidence the network must give', () => {
    expect([...teacherDecision(prob, hu, box)]).toEqual([1, 0, 0, 1, 1, 0]);
  });

  it('is the plain threshold at weight 1', () => {
    const plain = teacherDecision(prob, hu, box, { ...TEACHER_DECISION, weight: 1 });
    expect([...plain]).toEqual(prob.map((p) => (p >= 0.5 ? 1 : 0)));
  });

  it('never marks a voxel outside the allowed region', () => {
    const allowed = [0, 1, 1, 1, 0, 1];
    expect([...teacherDecision(prob, hu, box, TEACHER_DECISION, allowed)]).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('refuses arrays of different lengths and a weight outside (0, 1]', () => {
    expect(() => teacherDecision([0.5], [0, 0], [1])).toThrow(/different grids/);
    expect(() => teacherDecision([0.5], [0], [1], { ...TEACHER_DECISION, weight: 0 })).toThrow(/weight/);
  });
});
