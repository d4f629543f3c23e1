import { describe, expect, it } from 'vitest';
import { casesWithRole, parseDatasetManifest, type DatasetCase } from '../../../src/shared/dataset/manifest';
import { unwrap } from '../../../src/shared/result';

function kase(id: string, patientId: string, role: DatasetCase['role'], extra: Partial<DatasetCase> = {}): DatasetCase {
  return {
    id, patientId, role, scan: 0, ct: `cases/${id}/ct.nii.gz`, lungs: `cases/${id}/lungs.nii.gz`, boxes: `cases/${id}/boxes.json`,
    ...(role === 'weak' ? { heldOutMask: `heldout/${id}/tumor.nii.gz` } : { mask: `cases/${id}/tumor.nii.gz` }),
    dims: [160, 160, 60], spacing: [2.2, 2.2, 5], tumors: [{ label: 1, diameterMm: 21.5, voxels: 130 }],
    ...extra,
  };
}

const good = {
  format: 'lungts-dataset', version: 1, generator: 'test', seed: 3, size: 'small',
  cases: [kase('P001-s0', 'P001', 'strong'), kase('P001-s1', 'P001', 'strong', { scan: 1 }), kase('P002-s0', 'P002', 'weak'), kase('P003-s0', 'P003', 'test', { tumors: [] })],
};

describe('DatasetManifest', () => {
  it('accepts a well-formed manifest and selects cases by role', () => {
    const m = unwrap(parseDatasetManifest(JSON.parse(JSON.stringify(good))));
    expect(casesWithRole(m, 'strong').map((c) => c.id)).toEqual(['P001-s0', 'P001-s1']);
    expect(casesWithRole(m, 'weak')[0]!.heldOutMask).toBe('heldout/P002-s0/tumor.nii.gz');
  });

  const bad: [string, unknown, string][] = [
    ['another format', { ...good, format: 'lungts-boxes' }, 'not a LungTS dataset manifest'],
    ['a newer version', { ...good, version: 2 }, 'version'],
    ['a patient in two roles', { ...good, cases: [kase('a', 'P1', 'strong'), kase('b', 'P1', 'test')] }, 'patient "P1"'],
    ['a weak case with a training mask', { ...good, cases: [kase('a', 'P1', 'weak', { mask: 'cases/a/tumor.nii.gz' })] }, 'weak case "a"'],
    ['a strong case without mask', { ...good, cases: [{ ...kase('a', 'P1', 'strong'), mask: undefined }] }, 'has no mask'],
    ['a test case with a held-out mask', { ...good, cases: [kase('a', 'P1', 'test', { heldOutMask: 'h/a.nii.gz' })] }, 'heldOutMask'],
    ['a duplicate id', { ...good, cases: [kase('a', 'P1', 'strong'), kase('a', 'P2', 'strong')] }, 'appears twice'],
    ['an absolute path', { ...good, cases: [kase('a', 'P1', 'strong', { ct: '/etc/passwd' })] }, 'cases.0.ct'],
    ['a path leaving the folder', { ...good, cases: [kase('a', 'P1', 'strong', { lungs: 'cases/../../x.nii.gz' })] }, 'cases.0.lungs'],
    ['an unknown role', { ...good, cases: [{ ...kase('a', 'P1', 'strong'), role: 'validation' }] }, 'cases.0.role'],
    ['an unknown key', { ...good, extra: 1 }, 'invalid dataset manifest'],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}, naming the problem`, () => {
      const r = parseDatasetManifest(JSON.parse(JSON.stringify(value)));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(message);
    });
  }
});
