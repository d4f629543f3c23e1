/**
 * Version 2: annotations as chains of immutable versions. `head_version_id` is the newest
 * version, kept in the same transaction that adds one, so listing a case's status needs no
 * MAX() per annotation.
 */
export const V2_ANNOTATIONS = `
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('boxes', 'mask')),
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  head_version_id INTEGER REFERENCES annotation_versions(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX annotations_series ON annotations(series_id);
CREATE TABLE annotation_versions (
  id INTEGER PRIMARY KEY,
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES annotation_versions(id) DEFERRABLE INITIALLY DEFERRED,
  author TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('manual', 'teacher', 'student', 'imported')),
  created_at TEXT NOT NULL,
  accepted INTEGER CHECK (accepted IN (0, 1)),
  reviewed_by TEXT,
  reviewed_at TEXT,
  note TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  boxes TEXT,
  box_count INTEGER,
  mask_hash TEXT REFERENCES blobs(hash),
  voxel_count INTEGER,
  CHECK ((boxes IS NOT NULL) <> (mask_hash IS NOT NULL))
);
CREATE INDEX annotation_versions_annotation ON annotation_versions(annotation_id);
`;
