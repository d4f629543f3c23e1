import { describe, expect, it } from 'vitest';
import { computeLungMask } from '../../../src/main/preprocess/lung-mask/compute';
import { studentCrops } from '../../../src/main/preprocess/student-crops';
import { loadCt } from '../../../src/main/io/load-ct';
import { readNifti } from '../../../src/main/io/nifti/read';
import { readVocBoxes } from '../../../src/main/io/boxes/voc-read';
import { boxesToMask } from '../../../src/shared/masks/box-mask';
import { squaredDistance } from '../../../src/shared/image/distance';
import { reorient } from '../../../src/shared/volume/orientation';
import { indexToWorld, worldToIndex } from '../../../src/shared/volume/geometry';
import { dice } from '../../../src/shared/metrics/dice';
import { unwrap } from '../../../src/shared/result';
import type { Mask, Volume } from '../../../src/shared/volume/volume';
import { missingDataMessage, sharedData } from '../../helpers/shared-data';

const REF = ['totalsegmentator', 'tests', 'reference_files'] as const;
const SMALL = sharedData(...REF, 'example_ct_sm.nii.gz');
const LOBES = sharedData(...REF, 'example_seg_fast');
const B40F = sharedData('lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834', '3.000000-ThoraxRoutine  8.0.0  B40f-10983');
const XML = sharedData('lung-pet-ct-dx', 'Annotation', 'A0002');
if (!SMALL || !LOBES) console.warn(missingDataMessage(...REF));
if (!B40F || !XML) console.warn(missingDataMessage('lung-pet-ct-dx'));

const LOBE_FILES = ['lung_upper_lobe_right', 'lung_middle_lobe_right', 'lung_lower_lobe_right', 'lung_upper_lobe_left', 'lung_lower_lobe_left'];

function count(m: ArrayLike<number>, label: number): number {
  let n = 0;
  for (let q = 0; q < m.length; q++) if (m[q] === label) n++;
  return n;
}

describe.skipIf(!SMALL || !LOBES)('lung mask on the TotalSegmentator abdominal CT (3 mm, lung bases, bowel gas)', () => {
  it('matches the union of its lung-lobe masks (Dice >= 0.90), right and left as labelled there, and labels no bowel gas', async () => {
    const ct = unwrap(readNifti(SMALL!)).volume;
    const result = unwrap(await computeLungMask(ct));
    const ref = new Uint8Array(ct.data.length);
    for (const name of LOBE_FILES) {
      const lobe = unwrap(readNifti(`${LOBES}/${name}.nii.gz`)).volume;
      lobe.data.forEach((v, q) => {
        if (v) ref[q] = name.endsWith('right') ? 1 : 2;
      });
    }
    const d = dice(result.mask.data, ref);
    expect(d).toBeGreaterThanOrEqual(0.9);
    let agree = 0;
    let both = 0;
    for (let q = 0; q < ref.length; q++) {
      if (!ref[q] || !result.mask.data[q]) continue;
      both++;
      if (ref[q] === result.mask.data[q]) agree++;
    }
    expect(agree / both).toBeGreaterThan(0.99);
    // Bowel and stomach gas is pure air (< -900 HU) more than 6 mm from the reference lungs: none
    // of it may be lung. (Partial-volume edge voxels and small soft-tissue pleural bays taken in
    // at the bases may lie past the reference's edge: under 1% of the mask, about 0.6 mL here.)
    const far = squaredDistance(ref, ct.dims, ct.spacing);
    let gasAsLung = 0;
    let beyond = 0;
    for (let q = 0; q < ref.length; q++) {
      if (!result.mask.data[q] || far[q]! <= 36) continue;
      beyond++;
      if (ct.data[q]! < -900) gasAsLung++;
    }
    expect(gasAsLung).toBe(0);
    expect(beyond).toBeLessThan(0.01 * (count(result.mask.data, 1) + count(result.mask.data, 2)));
    expect(result.stats.rejected.some((r) => /gas/.test(r.reason))).toBe(true);
    console.log(`TotalSegmentator example_ct_sm: Dice ${d.toFixed(4)} vs lung lobes, ${result.stats.rightMl} / ${result.stats.leftMl} mL`);
  });

  it('gives the same mask whatever the file orientation (RAS as stored, LPS, flipped slices, permuted axes)', async () => {
    const ct = unwrap(readNifti(SMALL!)).volume;
    const base = reorient(unwrap(await computeLungMask(ct)).mask, 'LPS');
    for (const code of ['LPS', 'RAI', 'SLP']) {
      const turned = reorient(ct, code);
      const mask = unwrap(await computeLungMask(turned)).mask;
      expect(reorient(mask, 'LPS').data).toEqual(base.data);
    }
  });
});

describe.skipIf(!B40F || !XML)('lung mask on the Lung-PET-CT-Dx A0002 thorax CT (8 mm slices, real tumour boxes)', () => {
  const setup = (async () => {
    const loaded = unwrap(await loadCt(B40F!));
    const boxes = unwrap(readVocBoxes(XML!, loaded.dicom!)).set;
    return { ct: loaded.volume, boxes, lungs: unwrap(await computeLungMask(loaded.volume)) };
  })();

  it('finds two lungs of plausible volume, right on the patient right', async () => {
    const { ct, lungs } = await setup;
    expect(lungs.stats.rightMl).toBeGreaterThan(700);
    expect(lungs.stats.rightMl).toBeLessThan(4000);
    expect(lungs.stats.leftMl).toBeGreaterThan(700);
    expect(lungs.stats.leftMl).toBeLessThan(4000);
    expect(lungs.stats.tracheaFound).toBe(true);
    // Mean world x (LPS: + is patient left) of each label.
    const meanX = [0, 0, 0];
    const n = [0, 0, 0];
    for (let q = 0; q < lungs.mask.data.length; q += 97) {
      const l = lungs.mask.data[q]!;
      if (!l) continue;
      const i = q % ct.dims[0];
      const j = Math.floor(q / ct.dims[0]) % ct.dims[1];
      const k = Math.floor(q / (ct.dims[0] * ct.dims[1]));
      meanX[l]! += indexToWorld(ct, [i, j, k])[0];
      n[l]!++;
    }
    expect(meanX[1]! / n[1]!).toBeLessThan(meanX[2]! / n[2]!);
  });

  it('keeps the boxed tumour inside the lung mask where it lies in the lung, and inside the right lung crop everywhere', async () => {
    const { ct, boxes, lungs } = await setup;
    const inBoxes = boxesToMask(boxes, ct).data;
    const slice = ct.dims[0] * ct.dims[1];
    // Dense voxels (> -300 HU) in the boxes: the tumour, and higher up the hilar vessels and
    // bronchi the boxes also enclose. Per slice: [dense, inside the default mask, inside with a 30 mm ball].
    const wide = unwrap(await computeLungMask(ct, { closingMm: 30 })).mask.data;
    const perSlice = new Map<number, [number, number, number]>();
    for (let q = 0; q < inBoxes.length; q++) {
      if (!inBoxes[q] || ct.data[q]! <= -300) continue;
      const k = Math.floor(q / slice);
      const s = perSlice.get(k) ?? [0, 0, 0];
      s[0]++;
      if (lungs.mask.data[q]) s[1]++;
      if (wide[q]) s[2]++;
      perSlice.set(k, s);
    }
    const ks = [...perSlice.keys()].sort((a, b) => a - b);
    const total = (pick: (s: [number, number, number]) => number, only = ks) => only.reduce((n, k) => n + pick(perSlice.get(k)!), 0);
    // The two most inferior boxed slices show the mass within the lung: the default mask holds it.
    const [low0, low1] = [perSlice.get(ks[0]!)!, perSlice.get(ks[1]!)!];
    expect(low0[1] / low0[0]).toBeGreaterThan(0.99);
    expect((low0[1] + low1[1]) / (low0[0] + low1[0])).toBeGreaterThan(0.9);
    // Higher up the mass meets the hilum: a wider ball (--closing 30) takes most of the boxed tissue in.
    expect(total((s) => s[2]) / total((s) => s[0])).toBeGreaterThan(0.55);
    const { crops } = unwrap(await studentCrops(ct, lungs.mask));
    const right = crops.find((c) => c.side === 'right')!;
    for (let q = 0; q < inBoxes.length; q += 7) {
      if (!inBoxes[q]) continue;
      const i = q % ct.dims[0];
      const j = Math.floor(q / ct.dims[0]) % ct.dims[1];
      const at = worldToIndex(right.input, indexToWorld(ct, [i, j, Math.floor(q / slice)]));
      at.forEach((x, a) => expect(x > -0.5 && x < right.input.dims[a]! - 0.5).toBe(true));
    }
    console.log(`A0002: ${lungs.stats.rightMl} / ${lungs.stats.leftMl} mL; dense boxed voxels inside the lungs per slice (default, 30 mm): ` +
      ks.map((k) => { const s = perSlice.get(k)!; return `${(s[1] / s[0]).toFixed(2)}/${(s[2] / s[0]).toFixed(2)}`; }).join(' '));
  });

  it('flipped and permuted copies of the scan give the same lungs', async () => {
    const { ct, lungs } = await setup;
    const base = reorient(lungs.mask, 'LPS');
    for (const code of ['RAS', 'PLI']) {
      const mask = unwrap(await computeLungMask(reorient(ct, code))).mask;
      const back = reorient(mask, 'LPS');
      let differ = 0;
      for (let q = 0; q < back.data.length; q++) if (back.data[q] !== base.data[q]) differ++;
      expect(differ / (count(base.data, 1) + count(base.data, 2))).toBeLessThan(1e-3);
    }
  });

  it('with the left lung gone (filled with soft tissue) labels only the right lung, warns, and the student gets one crop', async () => {
    const { ct, lungs } = await setup;
    const data = Int16Array.from(ct.data as ArrayLike<number>);
    lungs.mask.data.forEach((l, q) => {
      if (l === 2) data[q] = 30;
    });
    const one = unwrap(await computeLungMask({ ...ct, data } as Volume));
    expect(count(one.mask.data, 2)).toBe(0);
    expect(one.stats.rightMl).toBeGreaterThan(700);
    expect(one.warnings.join(' ')).toMatch(/only the right lung/);
    const crops = unwrap(await studentCrops({ ...ct, data } as Volume, one.mask as Mask));
    expect(crops.crops.map((c) => c.side)).toEqual(['right']);
  });

  it('on the upper half of the thorax only, still finds both lungs and says the bases are not covered', async () => {
    const { ct } = await setup;
    const keep = 14;
    const n = ct.dims[0] * ct.dims[1];
    const top = { ...ct, dims: [ct.dims[0], ct.dims[1], keep] as const, data: ct.data.slice((ct.dims[2] - keep) * n) } as unknown as Volume;
    const origin = indexToWorld(ct, [0, 0, ct.dims[2] - keep]);
    const part = unwrap(await computeLungMask({ ...top, origin }));
    expect(part.stats.rightMl).toBeGreaterThan(300);
    expect(part.stats.leftMl).toBeGreaterThan(300);
    expect(part.warnings.join(' ')).toMatch(/bottom slice/);
  });
});
