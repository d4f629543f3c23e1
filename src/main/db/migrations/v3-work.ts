/**
 * Version 3: what the team produces beyond annotations: models (one active per role),
 * datasets with strong/weak membership and splits, jobs with their logs, curves and
 * checkpoints, evaluation results; and which model made an annotation version.
 */
export const V3_WORK = `
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('teacher', 'student', 'lungmask')),
  file TEXT NOT NULL,
  spec TEXT NOT NULL DEFAULT 'null',
  provenance TEXT NOT NULL DEFAULT '{}',
  metrics TEXT NOT NULL DEFAULT '{}',
  card TEXT NOT NULL DEFAULT '{}',
  synthetic INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (name, role)
);
CREATE UNIQUE INDEX models_one_active ON models(role) WHERE active = 1;
ALTER TABLE annotation_versions ADD COLUMN model_id INTEGER REFERENCES models(id) ON DELETE SET NULL;

CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE dataset_members (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  strength TEXT NOT NULL CHECK (strength IN ('strong', 'weak')),
  split TEXT CHECK (split IN ('train', 'val', 'test')),
  PRIMARY KEY (dataset_id, series_id)
) WITHOUT ROWID;
CREATE INDEX dataset_members_series ON dataset_members(series_id);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  lane TEXT NOT NULL CHECK (lane IN ('compute', 'io')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  input TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT '',
  fraction REAL NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  resumable INTEGER NOT NULL DEFAULT 0,
  checkpoint_step INTEGER,
  checkpoint_hash TEXT REFERENCES blobs(hash),
  checkpoint_at TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX jobs_state ON jobs(state);
CREATE TABLE job_logs (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  message TEXT NOT NULL
);
CREATE INDEX job_logs_job ON job_logs(job_id);
CREATE TABLE job_metrics (
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  at TEXT NOT NULL,
  vals TEXT NOT NULL,
  PRIMARY KEY (job_id, step)
) WITHOUT ROWID;

CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  split TEXT NOT NULL,
  created_at TEXT NOT NULL,
  dice REAL,
  f1 REAL,
  dice_tp REAL
);
CREATE TABLE evaluation_cases (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  dice REAL,
  f1 REAL,
  dice_tp REAL,
  prediction_version_id INTEGER REFERENCES annotation_versions(id) ON DELETE SET NULL,
  truth_version_id INTEGER REFERENCES annotation_versions(id) ON DELETE SET NULL,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (evaluation_id, series_id)
) WITHOUT ROWID;
`;
