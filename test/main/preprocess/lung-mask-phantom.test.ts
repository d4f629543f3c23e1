import { describe, expect, it } from 'vitest';
import { generatePhantom } from '../../../src/main/phantom/generate';
import { computeLungMask } from '../../../src/main/preprocess/lung-mask/compute';
import { unwrap } from '../../../src/shared/result';

// Small phantoms (about 2.2 mm in-plane, 5 mm slices) whose exact lung labels include every
// tumour. Seeds 2 and 6 carry juxta-pleural tumours on the chest wall (43 mm; two of 32 mm).
const SEEDS = [1, 2, 6];

describe('lung mask on the synthetic thorax phantom', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: Dice >= 0.97 against the phantom's lungs, right and left as labelled, juxta-pleural tumours inside`, async () => {
      const p = unwrap(await generatePhantom({ seed, size: 'small' }, () => undefined, new AbortController().signal));
      const r = unwrap(await computeLungMask(p.ct));
      let inter = 0;
      let sum = 0;
      let same = 0;
      for (let q = 0; q < p.lungs.data.length; q++) {
        const x = r.mask.data[q]! > 0;
        const y = p.lungs.data[q]! > 0;
        sum += Number(x) + Number(y);
        if (x && y) {
          inter++;
          if (r.mask.data[q] === p.lungs.data[q]) same++;
        }
      }
      const dice = (2 * inter) / sum;
      expect(dice).toBeGreaterThanOrEqual(0.97);
      expect(same / inter).toBeGreaterThan(0.99);
      const pleural = new Set(p.tumors.filter((t) => t.attachment === 'pleural').map((t) => t.label));
      let voxels = 0;
      let inside = 0;
      for (let q = 0; q < p.tumor.data.length; q++) {
        if (!pleural.has(p.tumor.data[q]!)) continue;
        voxels++;
        if (r.mask.data[q]) inside++;
      }
      if (seed !== 1) expect(voxels).toBeGreaterThan(100);
      if (voxels > 0) expect(inside / voxels).toBeGreaterThanOrEqual(0.99);
      console.log(`phantom seed ${seed}: Dice ${dice.toFixed(4)}, juxta-pleural tumour voxels inside ${voxels ? (inside / voxels).toFixed(4) : 'n/a'} of ${voxels}`);
    });
  }
});
