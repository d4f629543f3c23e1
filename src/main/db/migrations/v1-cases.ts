/**
 * Version 1: patients, studies, series and the content-addressed blob table. A series' pixels
 * are either a compressed blob in the data folder (imported) or the original files
 * (referenced); the CHECK keeps an imported series from pointing nowhere.
 */
export const V1_CASES = `
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  patient_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  study_uid TEXT NOT NULL UNIQUE,
  study_date TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX studies_patient ON studies(patient_id);
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  stored_size INTEGER NOT NULL,
  encoding TEXT NOT NULL CHECK (encoding IN ('deflate', 'raw')),
  created_at TEXT NOT NULL
);
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  series_uid TEXT NOT NULL UNIQUE,
  series_number INTEGER,
  description TEXT NOT NULL DEFAULT '',
  modality TEXT NOT NULL DEFAULT '',
  frame_of_reference_uid TEXT,
  source_format TEXT NOT NULL CHECK (source_format IN ('dicom', 'nifti')),
  storage TEXT NOT NULL CHECK (storage IN ('imported', 'referenced')),
  volume_hash TEXT REFERENCES blobs(hash),
  voxel_type TEXT NOT NULL,
  geometry TEXT NOT NULL,
  native_geometry TEXT NOT NULL,
  slice_uids TEXT NOT NULL,
  source_paths TEXT NOT NULL,
  warnings TEXT NOT NULL DEFAULT '[]',
  slices INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  CHECK (storage = 'referenced' OR volume_hash IS NOT NULL)
);
CREATE INDEX series_study ON series(study_id);
`;
