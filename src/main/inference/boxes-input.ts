import { statSync } from 'node:fs';
import { lpsGeometry } from '../../shared/boxes/lps-grid';
import { mapBoxesToGrid } from '../../shared/boxes/map-grid';
import type { BoxSet } from '../../shared/boxes/types';
import { fail, ok, type Result, withContext } from '../../shared/result';
import { sameGeometry } from '../../shared/volume/geometry';
import { readBoxSet } from '../io/boxes/box-json';
import { readVocBoxes } from '../io/boxes/voc-read';
import type { LoadedCt } from '../io/load-ct';

/**
 * Boxes for a CT from either form the CLI takes: a boxes.json (moved onto the CT's LPS grid
 * through world coordinates when it was made on a flipped or permuted copy of it) or a
 * Lung-PET-CT-Dx folder of VOC XML files (which name DICOM slices, so the CT must be DICOM).
 */
export function readBoxesFor(path: string, ct: LoadedCt): Result<{ set: BoxSet; warnings: readonly string[] }> {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    return fail(`${path}: no such file or folder`);
  }
  if (dir) {
    if (!ct.dicom) return fail(`${path}: VOC XML boxes name DICOM slices by SOPInstanceUID, so the CT must be the DICOM series, not NIfTI`);
    const r = readVocBoxes(path, ct.dicom);
    if (!r.ok) return r;
    return ok({ set: r.value.set, warnings: r.value.warnings });
  }
  const set = readBoxSet(path);
  if (!set.ok) return set;
  const grid = lpsGeometry(ct.volume);
  if (sameGeometry(set.value.grid, grid, 0.01 * Math.min(...grid.spacing))) return ok({ set: { ...set.value, grid }, warnings: [] });
  const moved = withContext(mapBoxesToGrid(set.value.boxes, set.value.grid, grid), `${path} does not fit the CT`);
  if (!moved.ok) return moved;
  return ok({ set: { format: 'lungts-boxes', version: 1, grid, boxes: moved.value }, warnings: [] });
}
