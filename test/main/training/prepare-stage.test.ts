import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoreProgress } from '../../../src/shared/job';
import { unwrap } from '../../../src/shared/result';
import { writeNifti } from '../../../src/main/io/nifti/write';
import { prepareStudentCases, type CaseInputFiles } from '../../../src/main/training/prepare-stage';
import { writePhantomFiles } from '../../helpers/phantom-files';
import { tempDir } from '../../helpers/tmp';

// A prepared bundle is reused only for the label it was made from: a pseudo-label remade by
// another teacher, or a corrected mask, must reach the student.
describe('prepareStudentCases: reusing the cache', () => {
  const dir = tempDir();
  let c: CaseInputFiles;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    const p = await writePhantomFiles(dir, 44);
    c = { id: 'p44', ct: p.ct, label: p.mask };
    // Another label of the same case: this one says there is no tumour.
    writeNifti(join(dir, 'label2.nii.gz'), { ...p.tumor, data: new Uint8Array(p.tumor.data.length) });
  });

  it('keeps a bundle for the same label and remakes it for another', async () => {
    const cache = join(dir, 'cache');
    const first = unwrap(await prepareStudentCases([c], cache, 'pseudo', ignoreProgress, signal));
    const bin = first[0]!.path;
    const made = statSync(bin).mtimeMs;
    const again = unwrap(await prepareStudentCases([c], cache, 'pseudo', ignoreProgress, signal));
    expect(statSync(again[0]!.path).mtimeMs).toBe(made);

    writeFileSync(c.label!, readFileSync(join(dir, 'label2.nii.gz')));
    const remade = unwrap(await prepareStudentCases([c], cache, 'pseudo', ignoreProgress, signal));
    expect(statSync(remade[0]!.path).mtimeMs).not.toBe(made);
    const tumours = (r: typeof first) => r[0]!.meta.lungs.reduce((n, l) => n + l.tumours.length, 0);
    expect(tumours(first)).toBeGreaterThan(0);
    expect(tumours(remade)).toBe(0);
  });
});
