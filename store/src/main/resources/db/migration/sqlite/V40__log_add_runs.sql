-- Add leaves by run (docs/transparency.md, "Storage"). Keep in step with ../postgresql/V40.
-- The add leaves one transaction appends (one per version added, consecutive leaf indexes,
-- increasing date_added) are stored as a few rows, runs of consecutive leaves with at most about
-- 6,000 bytes of entries each (LogAddRuns.MAX_RUN_BYTES). Its entries are, per leaf in leaf order,
-- date_added (8 bytes), version_micros (8), the SHA-256 of the object's JSON (32), the length of
-- the object id in UTF-8 (2, unsigned) and the id; all integers big-endian. A leaf's record is
-- rebuilt from the run's collection and its entry, byte for byte as for a V21 add row.
-- About one row per 60 versions instead of one per version: a per-row insert cost about as much as
-- everything else the log adds to an ingest transaction (docs/benchmarks.md, "Transparency log").
-- Leaves written before V40, and every leaf but an add, stay in log_leaves; leaf indexes are
-- shared, so a leaf is in exactly one of the two tables.
CREATE TABLE log_add_runs (
  first_leaf       INTEGER NOT NULL PRIMARY KEY,
  leaf_count       INTEGER NOT NULL CHECK (leaf_count > 0),
  collection_key   INTEGER NOT NULL,
  first_date_added BIGINT  NOT NULL,
  last_date_added  BIGINT  NOT NULL,
  entries          BLOB    NOT NULL
);
CREATE INDEX log_add_runs_by_date_added ON log_add_runs (first_date_added);
