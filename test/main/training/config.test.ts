import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseRunConfig } from '../../../src/main/training/config';
import { unwrap } from '../../../src/shared/result';

describe('parseRunConfig: bceTumourMl', () => {
  it('defaults to 0 (plain BCE) for both networks when a configuration leaves it out', () => {
    const { bceTumourMl: _t, ...teacher } = DEFAULT_CONFIG.teacher;
    const { bceTumourMl: _s, ...student } = DEFAULT_CONFIG.student;
    const c = unwrap(parseRunConfig({ ...DEFAULT_CONFIG, teacher, student }, 'config.json'));
    expect(c.teacher.bceTumourMl).toBe(0);
    expect(c.student.bceTumourMl).toBe(0);
  });

  it('accepts it for the student and refuses it for the teacher, naming the setting', () => {
    expect(unwrap(parseRunConfig({ ...DEFAULT_CONFIG, student: { ...DEFAULT_CONFIG.student, bceTumourMl: 10 } }, 'c.json')).student.bceTumourMl).toBe(10);
    const r = parseRunConfig({ ...DEFAULT_CONFIG, teacher: { ...DEFAULT_CONFIG.teacher, bceTumourMl: 10 } }, 'c.json');
    expect(r.ok ? 'accepted' : r.error).toMatch(/c\.json: teacher\.bceTumourMl: only students/);
    const neg = parseRunConfig({ ...DEFAULT_CONFIG, student: { ...DEFAULT_CONFIG.student, bceTumourMl: -1 } }, 'c.json');
    expect(neg.ok ? 'accepted' : neg.error).toMatch(/student\.bceTumourMl/);
  });
});
