import { join } from 'node:path';
import { unwrap } from '../../src/shared/result';
import type { Mask } from '../../src/shared/volume/volume';
import { writeBoxSet } from '../../src/main/io/boxes/box-json';
import { writeNifti } from '../../src/main/io/nifti/write';
import { generatePhantom } from '../../src/main/phantom/generate';

/** A small one-tumour phantom written to `dir` as a dataset case's files (CT, tumour mask, boxes). */
export async function writePhantomFiles(dir: string, seed: number): Promise<{ ct: string; mask: string; boxes: string; tumor: Mask }> {
  const c = unwrap(await generatePhantom({ seed, size: 'small', tumors: 1 }));
  const files = { ct: join(dir, 'ct.nii.gz'), mask: join(dir, 'tumor.nii.gz'), boxes: join(dir, 'boxes.json') };
  writeNifti(files.ct, c.ct);
  writeNifti(files.mask, c.tumor);
  writeBoxSet(files.boxes, c.boxes);
  return { ...files, tumor: c.tumor };
}
