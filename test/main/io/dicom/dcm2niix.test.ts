import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCtSeries } from '../../../../src/main/io/dicom/load-series';
import { readNifti } from '../../../../src/main/io/nifti/read';
import { unwrap } from '../../../../src/shared/result';
import { indexToWorld } from '../../../../src/shared/volume/geometry';
import { maxAbsDiff, type Vec3 } from '../../../../src/shared/volume/mat3';
import { reorient } from '../../../../src/shared/volume/orientation';
import type { Volume } from '../../../../src/shared/volume/volume';
import { missingDataMessage, sharedData } from '../../../helpers/shared-data';
import { tempDir } from '../../../helpers/tmp';

// dcm2niix (Debian package, installed by .ci/run) is the independent peer for DICOM conversion.
const HAVE_DCM2NIIX = !spawnSync('dcm2niix', ['-v']).error;
if (!HAVE_DCM2NIIX) console.warn('skipped: dcm2niix is not installed (apt-get install dcm2niix); the cross-check needs it');
const root = tempDir();

function dcm2niix(input: string, name: string): Volume {
  const out = join(root, name);
  mkdirSync(out, { recursive: true });
  const r = spawnSync('dcm2niix', ['-z', 'n', '-b', 'n', '-f', 'out', '-o', out, input], { encoding: 'utf8' });
  expect(r.status, r.stderr + r.stdout).toBe(0);
  return unwrap(readNifti(join(out, 'out.nii'))).volume;
}

/** World positions of the eight voxel-grid corners (outer faces, not centres) of a volume. */
function cornerPoints(v: Volume): Vec3[] {
  const pts: Vec3[] = [];
  for (const i of [-0.5, v.dims[0] - 0.5]) for (const j of [-0.5, v.dims[1] - 0.5]) for (const k of [-0.5, v.dims[2] - 0.5]) pts.push(indexToWorld(v, [i, j, k]));
  return pts;
}

function compare(ours: Volume, theirs: Volume, valueTol: number): void {
  const a = reorient(ours, 'LPS');
  const b = reorient(theirs, 'LPS');
  expect(b.dims).toEqual(a.dims);
  const pa = cornerPoints(a);
  const pb = cornerPoints(b);
  // dcm2niix stores the affine in float32: 1e-3 mm is its precision at these coordinates.
  pa.forEach((p, n) => expect(maxAbsDiff(p, pb[n]!)).toBeLessThan(1e-3));
  let worst = 0;
  for (let n = 0; n < a.data.length; n++) worst = Math.max(worst, Math.abs(a.data[n]! - b.data[n]!));
  expect(worst).toBeLessThanOrEqual(valueTol);
}

const cases: { name: string; parts: string[]; single?: boolean; tol: number }[] = [
  { name: 'Lung-PET-CT-Dx A0002 B70f (explicit LE, 30 slices)', parts: ['lung-pet-ct-dx', 'Lung_Dx-A0002', '04-25-2007-NA-ThoraxAThoraxRoutine Adult-34834', '2.000000-ThoraxRoutine  8.0.0  B70f-62919'], tol: 0 },
  { name: 'rt-utils oriented_data (oblique orientation, fractional rescale)', parts: ['rtstruct', 'rt-utils', 'tests', 'oriented_data'], tol: 1e-3 },
  { name: 'TotalSegmentator example (JPEG 2000 lossless, 20 slices)', parts: ['totalsegmentator', 'tests', 'reference_files', 'example_ct_dicom'], tol: 0 },
  { name: 'Enhanced CT CT0012 (multi-frame, functional groups)', parts: ['dicom-syntaxes', 'dicomParser', 'testImages', 'encapsulated', 'multi-frame', 'CT0012.explicit_little_endian.dcm'], single: true, tol: 0 },
];

describe.skipIf(!HAVE_DCM2NIIX)('the same series converted by dcm2niix and by us', () => {
  for (const c of cases) {
    const path = sharedData(...c.parts);
    if (!path) console.warn(missingDataMessage(...c.parts));
    it.skipIf(!path)(`${c.name}: same voxels, same world position of the grid corners`, async () => {
      let input = path!;
      if (c.single) {
        // dcm2niix converts the whole folder of a file; give it the file alone.
        input = join(root, `${c.parts.at(-1)}-alone`);
        mkdirSync(input, { recursive: true });
        copyFileSync(path!, join(input, 'image.dcm'));
      }
      const ours = unwrap(await loadCtSeries(input)).volume;
      compare(ours, dcm2niix(input, c.name.replace(/\W+/g, '_')), c.tol);
    });
  }
});
