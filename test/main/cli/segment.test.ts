import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCt } from '../../../src/main/io/load-ct';
import { readNifti } from '../../../src/main/io/nifti/read';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import type { Mask } from '../../../src/shared/volume/volume';
import { maskComponents } from '../../../src/shared/image/postprocess';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { writeTinyModel } from '../inference/tiny-model';

const dir = tempDir();
const lungts = cliRunner(dir);

beforeAll(() => {
  const made = lungts('phantom', '--seed', '11', '--size', 'small', '--tumors', '2', '--format', 'both', '--out', 'ph');
  if (made.code !== 0) throw new Error(made.stderr);
  writeTinyModel(join(dir, 'tiny-student.onnx'), 'student', [32, 64, 64]);
  writeTinyModel(join(dir, 'tiny-teacher.onnx'), 'teacher', [32, 32, 32]);
});

describe('lungts segment', () => {
  it('writes a 0/1 mask on the CT\'s own grid and a JSON summary of what it found', () => {
    const r = lungts('segment', 'ph/ct.nii.gz', '-o', 'mask.nii.gz', '--model', 'tiny-student.onnx', '--lungs-out', 'lungs.nii.gz', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { kind: string; tumour_count: number; tumours: { id: number; volume_ml: number; longest_axial_mm: number; centroid_mm: number[]; side: string }[]; seconds: Record<string, number>; model_name: string };
    expect(j.kind).toBe('mask');
    expect(j.model_name).toBe('tiny-student');
    expect(j.tumours.length).toBe(Math.min(50, j.tumour_count));
    expect(Object.keys(j.seconds)).toEqual(expect.arrayContaining(['load', 'lung_mask', 'network', 'paste_back', 'postprocess', 'total']));
    for (const t of j.tumours) {
      expect(t.volume_ml).toBeGreaterThan(0);
      expect(t.centroid_mm).toHaveLength(3);
      expect(['right', 'left', 'unknown']).toContain(t.side);
    }
    const ct = unwrap(readNifti(join(dir, 'ph/ct.nii.gz'))).volume;
    const mask = unwrap(readNifti(join(dir, 'mask.nii.gz'))).volume;
    expect(sameGeometry(mask, ct)).toBe(true);
    expect([...new Set(mask.data)].every((v) => v === 0 || v === 1)).toBe(true);
    const lungs = unwrap(readNifti(join(dir, 'lungs.nii.gz'))).volume;
    expect(lungs.data.some((x) => x === 1) && lungs.data.some((x) => x === 2)).toBe(true);
  });

  it('writes the probability map with --threshold -1, and keeps only what lies in the lungs with --lung-filter', () => {
    const r = lungts('segment', 'ph/ct.nii.gz', '-o', 'prob.nii.gz', '--model', 'tiny-student.onnx', '--threshold', '-1', '--lung-filter', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { kind: string }).kind).toBe('probability');
    const prob = unwrap(readNifti(join(dir, 'prob.nii.gz'))).volume;
    expect(prob.data).toBeInstanceOf(Float32Array);
    const lungs = unwrap(readNifti(join(dir, 'lungs.nii.gz'))).volume;
    let inside = 0;
    let outside = 0;
    let outOfRange = 0;
    for (let q = 0; q < prob.data.length; q++) {
      const p = prob.data[q]!;
      if (!(p >= 0 && p <= 1)) outOfRange++;
      if (p > 0 && lungs.data[q]) inside++;
      else if (p > 0) outside++;
    }
    expect([outOfRange, outside]).toEqual([0, 0]);
    expect(inside).toBeGreaterThan(0);
  });

  it('with --mirror runs the student on the four in-plane mirrors of each crop and averages them', () => {
    const plain = lungts('segment', 'ph/ct.nii.gz', '-o', 'p0.nii.gz', '--model', 'tiny-student.onnx', '--threshold', '-1', '--json');
    const mirrored = lungts('segment', 'ph/ct.nii.gz', '-o', 'p4.nii.gz', '--model', 'tiny-student.onnx', '--threshold', '-1', '--mirror', '--json');
    expect(plain.code, plain.stderr).toBe(0);
    expect(mirrored.code, mirrored.stderr).toBe(0);
    const tiles = (r: { stdout: string }) => (JSON.parse(r.stdout) as { tiles: number }).tiles;
    expect(tiles(mirrored)).toBe(4 * tiles(plain));
    const a = unwrap(readNifti(join(dir, 'p0.nii.gz'))).volume.data;
    const b = unwrap(readNifti(join(dir, 'p4.nii.gz'))).volume.data;
    let differ = 0;
    for (let q = 0; q < a.length; q++) {
      expect(b[q]! >= 0 && b[q]! <= 1).toBe(true);
      if (Math.abs(a[q]! - b[q]!) > 1e-6) differ++;
    }
    expect(differ).toBeGreaterThan(0); // an untrained network is not mirror-symmetric
  });

  it('with --min-volume and --min-peak keeps exactly the components of the plain mask that are large and confident enough', () => {
    for (const [out, extra] of [['plain.nii.gz', []], ['probs.nii.gz', ['--threshold', '-1']]] as const) {
      const r = lungts('segment', 'ph/ct.nii.gz', '-o', out, '--model', 'tiny-student.onnx', ...extra);
      expect(r.code, r.stderr).toBe(0);
    }
    const plain = unwrap(readNifti(join(dir, 'plain.nii.gz'))).volume as Mask;
    const prob = unwrap(readNifti(join(dir, 'probs.nii.gz'))).volume.data;
    const c = maskComponents(plain, 26);
    const ml = (plain.spacing[0] * plain.spacing[1] * plain.spacing[2]) / 1000;
    const peak = new Float64Array(c.count + 1);
    for (let q = 0; q < prob.length; q++) if (c.labels[q]) peak[c.labels[q]!] = Math.max(peak[c.labels[q]!]!, prob[q]!);
    const sizes = Array.from({ length: c.count }, (_, n) => c.sizes[n + 1]! * ml).sort((x, y) => x - y);
    const peaks = Array.from(peak.subarray(1)).sort((x, y) => x - y);
    expect(c.count, 'the untrained student should leave several components to filter').toBeGreaterThan(2);
    const minVolume = sizes[Math.floor(sizes.length / 2)]!;
    const minPeak = peaks[Math.floor(peaks.length / 2)]!;
    const r = lungts('segment', 'ph/ct.nii.gz', '-o', 'filtered.nii.gz', '--model', 'tiny-student.onnx', '--min-volume', String(minVolume), '--min-peak', String(minPeak), '--json');
    expect(r.code, r.stderr).toBe(0);
    const filtered = unwrap(readNifti(join(dir, 'filtered.nii.gz'))).volume.data;
    const kept = (id: number) => c.sizes[id]! * ml >= minVolume - 1e-9 && peak[id]! >= minPeak;
    let keptIds = 0;
    for (let id = 1; id <= c.count; id++) if (kept(id)) keptIds++;
    expect(keptIds).toBeGreaterThan(0);
    expect(keptIds).toBeLessThan(c.count);
    let wrong = 0;
    for (let q = 0; q < filtered.length; q++) if (filtered[q] !== (c.labels[q] && kept(c.labels[q]!) ? 1 : 0)) wrong++;
    expect(wrong).toBe(0);
    const bad = lungts('segment', 'ph/ct.nii.gz', '-o', 'x.nii.gz', '--model', 'tiny-student.onnx', '--min-peak', '2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/min-peak/);
  });

  it('applies the post-processing the model card chose unless told otherwise, and says which it applied', () => {
    writeTinyModel(join(dir, 'tiny-carded.onnx'), 'student', [32, 64, 64], { threshold: 0.5, minVolumeMl: 1e6, minPeak: 0, lungFilter: false, basis: 'test: drop everything' });
    const carded = lungts('segment', 'ph/ct.nii.gz', '-o', 'carded.nii.gz', '--model', 'tiny-carded.onnx', '--json');
    expect(carded.code, carded.stderr).toBe(0);
    const j = JSON.parse(carded.stdout) as { tumour_count: number; postprocess: { threshold: number; minVolumeMl: number; minPeak: number; lungFilter: boolean; source: string } };
    expect(j.postprocess).toEqual({ threshold: 0.5, minVolumeMl: 1e6, minPeak: 0, lungFilter: false, source: 'model card' });
    expect(j.tumour_count).toBe(0);
    const told = lungts('segment', 'ph/ct.nii.gz', '-o', 'told.nii.gz', '--model', 'tiny-carded.onnx', '--min-volume', '0', '--json');
    const t = JSON.parse(told.stdout) as { tumour_count: number; postprocess: { minVolumeMl: number; source: string } };
    expect(t.postprocess).toMatchObject({ minVolumeMl: 0, source: 'caller + model card' });
    expect(t.tumour_count).toBeGreaterThan(0);
    const paper = lungts('segment', 'ph/ct.nii.gz', '-o', 'paper.nii.gz', '--model', 'tiny-student.onnx');
    expect(paper.stdout).toMatch(/post-processing \(paper\): threshold 0\.5\n/);
  });

  it('applies the lung filter when the card chose it: only components with a quarter of their voxels in the lungs stay, and --no-lung-filter undoes it', () => {
    writeTinyModel(join(dir, 'tiny-lungs.onnx'), 'student', [32, 64, 64], { threshold: 0.5, minVolumeMl: 0, minPeak: 0, lungFilter: true, basis: 'test: lungs only' });
    const runs = [['lf-card.nii.gz', []], ['lf-off.nii.gz', ['--no-lung-filter']], ['lf-none.nii.gz', null]] as const;
    for (const [out, extra] of runs) {
      const model = extra === null ? 'tiny-student.onnx' : 'tiny-lungs.onnx';
      const r = lungts('segment', 'ph/ct.nii.gz', '-o', out, '--model', model, '--lungs-out', 'lf-lungs.nii.gz', ...(extra ?? []), '--json');
      expect(r.code, r.stderr).toBe(0);
      if (out === 'lf-card.nii.gz') expect((JSON.parse(r.stdout) as { postprocess: { lungFilter: boolean } }).postprocess.lungFilter).toBe(true);
    }
    const read = (f: string) => unwrap(readNifti(join(dir, f))).volume;
    const plain = read('lf-none.nii.gz') as Mask;
    const lungs = read('lf-lungs.nii.gz').data;
    expect(read('lf-off.nii.gz').data).toEqual(plain.data);
    const c = maskComponents(plain, 26);
    const inside = new Float64Array(c.count + 1);
    for (let q = 0; q < lungs.length; q++) if (c.labels[q] && lungs[q]) inside[c.labels[q]!]! += 1;
    const keep = (id: number) => inside[id]! >= 0.25 * c.sizes[id]!;
    let dropped = 0;
    for (let id = 1; id <= c.count; id++) if (!keep(id)) dropped++;
    expect(dropped, 'the untrained student should leave components outside the lungs').toBeGreaterThan(0);
    expect(dropped).toBeLessThan(c.count);
    const filtered = read('lf-card.nii.gz').data;
    let wrong = 0;
    for (let q = 0; q < filtered.length; q++) if (filtered[q] !== (c.labels[q] && keep(c.labels[q]!) ? 1 : 0)) wrong++;
    expect(wrong).toBe(0);
    const both = lungts('segment', 'ph/ct.nii.gz', '-o', 'x.nii.gz', '--model', 'tiny-lungs.onnx', '--lung-filter', '--no-lung-filter');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/contradict/);
  });

  it('takes a DICOM series folder and writes the mask on that series\' grid', async () => {
    const r = lungts('segment', 'ph/dicom', '-o', 'dicom-mask.nii.gz', '--model', 'tiny-student.onnx', '--json');
    expect(r.code, r.stderr).toBe(0);
    const ct = unwrap(await loadCt(join(dir, 'ph/dicom'))).volume;
    expect(sameGeometry(unwrap(readNifti(join(dir, 'dicom-mask.nii.gz'))).volume, ct, 1e-3)).toBe(true);
  });

  it('says what is wrong with bad input: a teacher model, a missing CT (exit 1), a missing -o (exit 2)', () => {
    const teacher = lungts('segment', 'ph/ct.nii.gz', '-o', 'x.nii.gz', '--model', 'tiny-teacher.onnx');
    expect(teacher.code).toBe(1);
    expect(teacher.stderr).toMatch(/teacher .*not a student/);
    const missing = lungts('segment', 'nothing.nii.gz', '-o', 'x.nii.gz', '--model', 'tiny-student.onnx');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing\.nii\.gz/);
    expect(lungts('segment', 'ph/ct.nii.gz', '--model', 'tiny-student.onnx').code).toBe(2);
  });
});
