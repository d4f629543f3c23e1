import type { AxialBox } from '../../../shared/boxes/types';
import { fail, ok, type Result } from '../../../shared/result';
import { voxelTypeOf, type Volume } from '../../../shared/volume/volume';
import type { BlobStore } from '../../db/blobs';
import type { Db } from '../../db/connection';
import { addVersion } from '../../db/repos/annotations';
import { insertCase, type InsertedCase, type NewCase } from '../../db/repos/cases-write';
import { boxesContentHash } from '../boxes-hash';
import type { CaseGridVolume } from '../case-grid';
import type { MaskToStore } from './seg-files';

export interface CaseToStore {
  readonly patient: NewCase['patient'];
  readonly study: NewCase['study'];
  readonly series: Omit<NewCase['series'], 'storage' | 'volumeHash' | 'voxelType' | 'geometry' | 'nativeGeometry' | 'sliceUids'>;
  readonly grid: CaseGridVolume;
  /** Boxes on the case grid to attach as an imported annotation. */
  readonly boxes?: { readonly boxes: readonly AxialBox[]; readonly label: string; readonly note: string };
  /** Ground-truth masks (from DICOM SEG) on the case grid, each an imported annotation. */
  readonly masks?: readonly MaskToStore[];
}

export function nonZero(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) n++;
  return n;
}

function voxelBytes(v: Volume): Uint8Array {
  return new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength);
}

/**
 * Stores one case: the CT blob first (copy mode), then series, study, patient and boxes in one
 * transaction, so the database never names a case whose pixels or boxes are missing.
 */
export async function storeCase(db: Db, blobs: BlobStore, c: CaseToStore, mode: 'copy' | 'reference'): Promise<Result<InsertedCase>> {
  const volumeHash = mode === 'copy' ? (await blobs.put(voxelBytes(c.grid.volume))).hash : null;
  const masks: { hash: string; voxels: number; label: string; note: string }[] = [];
  for (const m of c.masks ?? []) masks.push({ hash: (await blobs.put(m.bytes)).hash, voxels: nonZero(m.bytes), label: m.label, note: m.note });
  const { dims, spacing, origin, direction } = c.grid.volume;
  const row: NewCase = {
    patient: c.patient,
    study: c.study,
    series: {
      ...c.series,
      storage: mode === 'copy' ? 'imported' : 'referenced',
      volumeHash,
      voxelType: voxelTypeOf(c.grid.volume.data),
      geometry: { dims, spacing, origin, direction },
      nativeGeometry: c.grid.nativeGeometry,
      sliceUids: c.grid.sliceUids,
    },
  };
  try {
    return db.transaction((): Result<InsertedCase> => {
      const inserted = insertCase(db, row);
      if (c.boxes && c.boxes.boxes.length > 0) {
        const saved = addVersion(
          db,
          { seriesId: inserted.seriesId, label: c.boxes.label, author: 'import', source: 'imported', note: c.boxes.note },
          { kind: 'boxes', boxes: c.boxes.boxes, contentHash: boxesContentHash(c.boxes.boxes) },
        );
        // Throwing rolls the whole case back: a case never lands without the boxes it came with.
        if (!saved.ok) throw new Error(saved.error);
      }
      for (const m of masks) {
        const saved = addVersion(db, { seriesId: inserted.seriesId, label: m.label, author: 'import', source: 'imported', note: m.note }, { kind: 'mask', maskHash: m.hash, voxelCount: m.voxels });
        if (!saved.ok) throw new Error(saved.error);
      }
      return ok(inserted);
    })();
  } catch (e) {
    return fail(`cannot store series ${c.series.uid}: ${(e as Error).message}`);
  }
}
