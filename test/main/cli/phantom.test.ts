import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readBoxSet } from '../../../src/main/io/boxes/box-json';
import { readVocBoxes } from '../../../src/main/io/boxes/voc-read';
import { loadCtSeries } from '../../../src/main/io/dicom/load-series';
import { readNifti } from '../../../src/main/io/nifti/read';
import { unwrap } from '../../../src/shared/result';
import { sameGeometry } from '../../../src/shared/volume/geometry';
import { cliRunner } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
const lungts = cliRunner(dir);

function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, createHash('sha256').update(readFileSync(join(d, e.name))).digest('hex'));
    }
  };
  walk(root, '');
  return out;
}

describe('lungts phantom', () => {
  let json: { dims: number[]; tumors: { label: number }[]; boxes: number; files: Record<string, string> };

  beforeAll(() => {
    const r = lungts('phantom', '--seed', '21', '--size', 'small', '--tumors', '2', '--format', 'both', '--out', 'a', '--json');
    expect(r.code, r.stderr).toBe(0);
    json = JSON.parse(r.stdout);
  });

  it('writes NIfTI volumes that share one grid, and boxes.json on that grid', () => {
    const ct = unwrap(readNifti(join(dir, 'a', 'ct.nii.gz'))).volume;
    const tumor = unwrap(readNifti(join(dir, 'a', 'tumor.nii.gz'))).volume;
    const lungs = unwrap(readNifti(join(dir, 'a', 'lungs.nii.gz'))).volume;
    expect(ct.data).toBeInstanceOf(Int16Array);
    expect(tumor.data).toBeInstanceOf(Uint8Array);
    expect(ct.dims).toEqual(json.dims);
    expect(sameGeometry(ct, tumor)).toBe(true);
    expect(sameGeometry(ct, lungs)).toBe(true);
    expect(new Set(lungs.data)).toEqual(new Set([0, 1, 2]));
    const boxes = unwrap(readBoxSet(join(dir, 'a', 'boxes.json')));
    expect(sameGeometry(boxes.grid, ct)).toBe(true);
    expect(boxes.boxes.length).toBe(json.boxes);
    expect(boxes.boxes.length).toBeGreaterThan(0);
    // Each box is exactly the bounding box of its tumour on its slice.
    const [nx, ny] = tumor.dims;
    for (const b of boxes.boxes) {
      let i0 = Infinity, i1 = -1, j0 = Infinity, j1 = -1;
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
        if (tumor.data[i + nx * (j + ny * b.k)] === b.tumor) {
          i0 = Math.min(i0, i); i1 = Math.max(i1, i); j0 = Math.min(j0, j); j1 = Math.max(j1, j);
        }
      }
      expect([b.i0, b.j0, b.i1, b.j1]).toEqual([i0, j0, i1, j1]);
    }
  });

  it('writes a DICOM series that loads to the same voxels and grid as ct.nii.gz', async () => {
    const ct = unwrap(readNifti(join(dir, 'a', 'ct.nii.gz'))).volume;
    const series = unwrap(await loadCtSeries(join(dir, 'a', 'dicom')));
    expect(sameGeometry(series.volume, ct, 1e-3)).toBe(true);
    expect(Buffer.from(Int16Array.from(series.volume.data).buffer).equals(Buffer.from(ct.data.buffer))).toBe(true);
  });

  it('writes one VOC XML per annotated slice that our Lung-PET-CT-Dx reader turns back into boxes.json', async () => {
    const series = unwrap(await loadCtSeries(join(dir, 'a', 'dicom')));
    const voc = unwrap(readVocBoxes(join(dir, 'a', 'annotations'), series));
    const boxes = unwrap(readBoxSet(join(dir, 'a', 'boxes.json')));
    const key = (b: { k: number; i0: number; j0: number; i1: number; j1: number; label: string }) => `${b.k}:${b.i0},${b.j0},${b.i1},${b.j1}:${b.label}`;
    expect(voc.set.boxes.map(key).sort()).toEqual(boxes.boxes.map(key).sort());
    expect(voc.matched).toBe(new Set(boxes.boxes.map((b) => b.k)).size);
    // Each file is named by the SOPInstanceUID of its slice.
    const uidOfSlice = new Map(series.slices.map((s, k) => [k, s.sopInstanceUid]));
    for (const b of boxes.boxes) expect(b.sopInstanceUid).toBe(uidOfSlice.get(b.k));
  });

  it('gives the same bytes for the same seed (DICOM included) and says what it wrote', () => {
    const r = lungts('phantom', '--seed', '21', '--size', 'small', '--tumors', '2', '--format', 'both', '--out', 'b', '--threads', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 tumour(s)');
    const a = hashTree(join(dir, 'a'));
    const b = hashTree(join(dir, 'b'));
    a.delete('case.json');
    b.delete('case.json');
    expect(b).toEqual(a);
  });

  it('refuses bad arguments with exit 2 and unwritable output with exit 1', () => {
    expect(lungts('phantom', '--out', 'x').code).toBe(2);
    expect(lungts('phantom', '--seed', '1', '--out', 'x', '--size', 'huge').code).toBe(2);
    expect(lungts('phantom', '--seed', '-3', '--out', 'x').code).toBe(2);
    writeFileSync(join(dir, 'blocker'), 'a file');
    const r = lungts('phantom', '--seed', '1', '--size', 'small', '--tumors', '0', '--out', 'blocker/x', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toContain('blocker');
  });
});
