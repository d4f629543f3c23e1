import { describe, expect, it } from 'vitest';
import { generatePhantom } from '../../../src/main/phantom/generate';
import { computeLungMask } from '../../../src/main/preprocess/lung-mask/compute';
import { unwrap } from '../../../src/shared/result';

// Small phantoms (about 2.2 mm in-plane, 5 mm slices) whose exact lung labels include every
// tumour (but not effusions or lymph nodes). Seed 6 carries two 32 mm juxta-pleural tumours on
// the lateral chest wall: all of them must be inside. Seed 2's 39 mm tumour sits at the lateral
// base where the lung is a thin sliver around it and is only partly taken in (measured 0.86):
// its bound only guards against a regression.
const SEEDS = [1, 2, 6];
const PLEURAL_INSIDE: Record<number, number> = { 2: 0.8, 6: 0.99 };

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
      // Right and left as the phantom labels them (the split follows the junction lines to within ~2%).
      expect(same / inter).toBeGreaterThan(0.975);
      const pleural = new Set(p.tumors.filter((t) => t.attachment === 'pleural').map((t) => t.label));
      let voxels = 0;
      let inside = 0;
      for (let q = 0; q < p.tumor.data.length; q++) {
        if (!pleural.has(p.tumor.data[q]!)) continue;
        voxels++;
        if (r.mask.data[q]) inside++;
      }
      if (seed !== 1) expect(voxels).toBeGreaterThan(100);
      if (PLEURAL_INSIDE[seed] !== undefined) expect(inside / voxels).toBeGreaterThanOrEqual(PLEURAL_INSIDE[seed]!);
      console.log(`phantom seed ${seed}: Dice ${dice.toFixed(4)}, juxta-pleural tumour voxels inside ${voxels ? (inside / voxels).toFixed(4) : 'n/a'} of ${voxels}`);
    });
  }
});
