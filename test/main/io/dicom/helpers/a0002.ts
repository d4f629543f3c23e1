import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedData } from '../../../../helpers/shared-data';
import { editDicom, type Edit } from './edit-dicom';

export const A0002_STUDY = ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834'];
export const A0002_B70 = [...A0002_STUDY, '2.000000-ThoraxRoutine  8.0.0  B70f-62919'];

/** Path of A0002 B70f slice n (1..30; file 1-01 is the top slice at z = 312, 8 mm apart), or undefined without the data. */
export function a0002Slice(n: number): string | undefined {
  return sharedData(...A0002_B70, `1-${String(n).padStart(2, '0')}.dcm`);
}

/** Writes copies of slices `ns` into a new folder, each rewritten by `edit(n)`. */
export function writeSeries(dir: string, ns: number[], edit: (n: number) => Record<string, Edit> = () => ({})): string {
  mkdirSync(dir, { recursive: true });
  for (const n of ns) {
    const bytes = readFileSync(a0002Slice(n)!);
    writeFileSync(join(dir, `slice${n}.dcm`), editDicom(bytes, edit(n)));
  }
  return dir;
}
