import type { Evaluation, EvaluationCase } from '../../../shared/api';
import { fail, ok, type Result } from '../../../shared/result';
import { nowIso, type Db } from '../connection';

const EVAL_SELECT = `SELECT e.id AS evaluationId, e.model_id AS modelId, e.dataset_id AS datasetId, e.job_id AS jobId, e.split,
  e.created_at AS createdAt, e.dice, e.f1, e.dice_tp AS diceTp,
  (SELECT COUNT(*) FROM evaluation_cases c WHERE c.evaluation_id = e.id) AS caseCount FROM evaluations e`;

type Row = Omit<Evaluation, 'summary'> & Evaluation['summary'];
const toEvaluation = (r: Row): Evaluation => ({
  evaluationId: r.evaluationId,
  modelId: r.modelId,
  datasetId: r.datasetId,
  jobId: r.jobId,
  split: r.split,
  createdAt: r.createdAt,
  caseCount: r.caseCount,
  summary: { dice: r.dice, f1: r.f1, diceTp: r.diceTp },
});

export function listEvaluations(db: Db): Evaluation[] {
  return (db.prepare(`${EVAL_SELECT} ORDER BY e.id DESC`).all() as Row[]).map(toEvaluation);
}

export function getEvaluation(db: Db, evaluationId: number): Result<{ evaluation: Evaluation; cases: EvaluationCase[] }> {
  const r = db.prepare(`${EVAL_SELECT} WHERE e.id = ?`).get(evaluationId) as Row | undefined;
  if (!r) return fail(`evaluation ${evaluationId} does not exist`);
  const cases = (
    db
      .prepare(
        `SELECT c.series_id, p.patient_key, c.dice, c.f1, c.dice_tp, c.prediction_version_id, c.truth_version_id, c.extra
         FROM evaluation_cases c JOIN series s ON s.id = c.series_id JOIN studies st ON st.id = s.study_id
         JOIN patients p ON p.id = st.patient_id WHERE c.evaluation_id = ? ORDER BY p.patient_key, c.series_id`,
      )
      .all(evaluationId) as {
      series_id: number; patient_key: string; dice: number | null; f1: number | null; dice_tp: number | null;
      prediction_version_id: number | null; truth_version_id: number | null; extra: string;
    }[]
  ).map((c) => ({
    seriesId: c.series_id,
    patientKey: c.patient_key,
    metrics: { dice: c.dice, f1: c.f1, diceTp: c.dice_tp },
    predictionVersionId: c.prediction_version_id,
    truthVersionId: c.truth_version_id,
    extra: JSON.parse(c.extra) as Record<string, number>,
  }));
  return ok({ evaluation: toEvaluation(r), cases });
}

export interface NewEvaluation {
  readonly modelId: number | null;
  readonly datasetId: number | null;
  readonly jobId: number | null;
  readonly split: string;
  readonly cases: readonly Omit<EvaluationCase, 'patientKey'>[];
}

const mean = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/** Stores an evaluation and its per-case rows in one transaction; the summary is the mean over cases. */
export function insertEvaluation(db: Db, e: NewEvaluation): Evaluation {
  return db.transaction(() => {
    const { id } = db
      .prepare('INSERT INTO evaluations (model_id, dataset_id, job_id, split, created_at, dice, f1, dice_tp) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id')
      .get(e.modelId, e.datasetId, e.jobId, e.split, nowIso(), mean(e.cases.map((c) => c.metrics.dice)),
        mean(e.cases.map((c) => c.metrics.f1)), mean(e.cases.map((c) => c.metrics.diceTp))) as { id: number };
    const put = db.prepare(
      `INSERT INTO evaluation_cases (evaluation_id, series_id, dice, f1, dice_tp, prediction_version_id, truth_version_id, extra)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of e.cases) {
      put.run(id, c.seriesId, c.metrics.dice, c.metrics.f1, c.metrics.diceTp, c.predictionVersionId, c.truthVersionId, JSON.stringify(c.extra));
    }
    return toEvaluation(db.prepare(`${EVAL_SELECT} WHERE e.id = ?`).get(id) as Row);
  })();
}
