import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/db/connection';
import { listAnnotations, listVersions } from '../../../src/main/db/repos/annotation-rows';
import { addVersion, restoreVersion, reviewVersion, versionContent } from '../../../src/main/db/repos/annotations';
import { getCaseSummary, listCases } from '../../../src/main/db/repos/cases-read';
import { insertCase } from '../../../src/main/db/repos/cases-write';
import { boxesContentHash } from '../../../src/main/app/boxes-hash';
import type { AxialBox } from '../../../src/shared/boxes/types';
import { unwrap } from '../../../src/shared/result';
import { tempDir } from '../../helpers/tmp';

const G = { dims: [8, 8, 4], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] } as const;
const box = (k: number, i0 = 1): AxialBox => ({ k, i0, j0: 1, i1: i0 + 2, j1: 3, label: 'A', tumor: 0 });
const boxes = (bs: AxialBox[]) => ({ kind: 'boxes' as const, boxes: bs, contentHash: boxesContentHash(bs) });

function addSeries(db: Db, uid: string): number {
  return insertCase(db, {
    patient: { key: 'P', name: '' },
    study: { uid: 'S', date: '', description: '' },
    series: {
      uid, number: 1, description: '', modality: 'CT', frameOfReferenceUid: null, sourceFormat: 'dicom', storage: 'referenced',
      volumeHash: null, voxelType: 'int16', geometry: G, nativeGeometry: G, sliceUids: [null, null, null, null], sourcePaths: [], warnings: [],
    },
  }).seriesId;
}

describe('annotation history', () => {
  let db: Db;
  let seriesId: number;
  beforeAll(() => {
    db = unwrap(openDatabase(join(tempDir(), 'a.db')));
    seriesId = addSeries(db, '1.1');
  });

  it('keeps every version: edit, refuse a stale edit, undo by version, accept', () => {
    const v1 = unwrap(addVersion(db, { seriesId, author: 'nurse', source: 'manual', label: 'tumour 1' }, boxes([box(1)])));
    const a = v1.annotation.annotationId;
    expect(v1.version.parentVersionId).toBeNull();
    const v2 = unwrap(addVersion(db, { seriesId, annotationId: a, parentVersionId: v1.version.versionId, author: 'nurse', source: 'manual' }, boxes([box(1), box(2)])));
    expect(v2.version.parentVersionId).toBe(v1.version.versionId);
    expect(v2.annotation.head.versionId).toBe(v2.version.versionId);

    // Someone still looking at v1 saves: refused, nothing written.
    const stale = addVersion(db, { seriesId, annotationId: a, parentVersionId: v1.version.versionId, author: 'other', source: 'manual' }, boxes([box(3)]));
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error).toMatch(/changed since version/);
    expect(listVersions(db, a)).toHaveLength(2);

    // Undo by version: v1's content becomes the head again, as a new version; v2 is kept.
    const v3 = unwrap(restoreVersion(db, v1.version.versionId, 'nurse'));
    expect(v3.version.parentVersionId).toBe(v2.version.versionId);
    expect(v3.version.contentHash).toBe(v1.version.contentHash);
    const content = unwrap(versionContent(db, v3.version.versionId)).content;
    expect(content.kind === 'boxes' && content.boxes).toEqual([box(1)]);
    expect(listVersions(db, a).map((v) => v.versionId)).toEqual([v3.version.versionId, v2.version.versionId, v1.version.versionId]);

    expect(unwrap(reviewVersion(db, v3.version.versionId, true, 'rad')).accepted).toBe(true);
    expect(listAnnotations(db, seriesId)[0]!.head).toMatchObject({ versionId: v3.version.versionId, accepted: true, boxCount: 1 });
    expect(getCaseSummary(db, seriesId)!.status.boxCount).toBe(1);
  });

  it('hashes box content independent of order, and refuses mismatched saves', () => {
    expect(boxesContentHash([box(1), box(2, 4)])).toBe(boxesContentHash([box(2, 4), box(1)]));
    expect(boxesContentHash([box(1)])).not.toBe(boxesContentHash([box(1, 2)]));
    const other = addSeries(db, '1.2');
    const a = listAnnotations(db, seriesId)[0]!.annotationId;
    expect(addVersion(db, { seriesId: other, annotationId: a, author: 'x', source: 'manual' }, boxes([])).ok).toBe(false);
    expect(addVersion(db, { seriesId, annotationId: a, author: 'x', source: 'manual' }, { kind: 'mask', maskHash: 'zz', voxelCount: 0 }).ok).toBe(false);
    expect(addVersion(db, { seriesId: 999, author: 'x', source: 'manual' }, boxes([])).ok).toBe(false);
  });

  it('reports mask status from head versions only', () => {
    db.prepare("INSERT OR IGNORE INTO blobs (hash, size, stored_size, encoding, created_at) VALUES ('m1', 1, 1, 'raw', 't'), ('m2', 1, 1, 'raw', 't')").run();
    const p = unwrap(addVersion(db, { seriesId, author: 'teacher', source: 'teacher' }, { kind: 'mask', maskHash: 'm1', voxelCount: 5 }));
    let s = getCaseSummary(db, seriesId)!.status;
    expect(s).toMatchObject({ maskCount: 1, maskSources: ['teacher'], pendingPredictions: 1, acceptedMasks: 0 });
    unwrap(addVersion(db, { seriesId, annotationId: p.annotation.annotationId, author: 'rad', source: 'manual' }, { kind: 'mask', maskHash: 'm2', voxelCount: 4 }));
    s = getCaseSummary(db, seriesId)!.status;
    expect(s).toMatchObject({ maskCount: 1, maskSources: ['manual'], pendingPredictions: 0, acceptedMasks: 0 });
    // A review decision updates the status in the same statement (trigger), as does undoing it.
    const head = listAnnotations(db, seriesId).find((x) => x.kind === 'mask')!.head.versionId;
    unwrap(reviewVersion(db, head, true, 'rad'));
    expect(getCaseSummary(db, seriesId)!.status.acceptedMasks).toBe(1);
    expect(listCases(db, { filter: 'accepted' }).total).toBe(1);
    unwrap(reviewVersion(db, head, null, 'rad'));
    expect(getCaseSummary(db, seriesId)!.status.acceptedMasks).toBe(0);
    expect(listCases(db, { filter: 'masks' }).cases.map((c) => c.seriesId)).toEqual([seriesId]);
    expect(listCases(db, { filter: 'no-boxes' }).total).toBe(1);
  });
});
