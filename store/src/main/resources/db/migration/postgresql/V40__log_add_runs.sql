-- Add leaves by run. Keep in step with ../sqlite/V40, which explains the entries' format and why.
CREATE TABLE log_add_runs (
  first_leaf       BIGINT NOT NULL PRIMARY KEY,
  leaf_count       INTEGER NOT NULL CHECK (leaf_count > 0),
  collection_key   BIGINT NOT NULL,
  first_date_added BIGINT NOT NULL,
  last_date_added  BIGINT NOT NULL,
  entries          BYTEA  NOT NULL
);
CREATE INDEX log_add_runs_by_date_added ON log_add_runs (first_date_added);
-- Runs are written in rows of at most about 6,000 bytes of entries (LogAddRuns.MAX_RUN_BYTES), kept
-- inline and uncompressed: as one TOASTed 100 KB value per envelope, the chunks (a row and an index
-- entry each) and the compression attempt (ids and digests barely compress) were most of what the
-- log added to a PostgreSQL ingest transaction.
ALTER TABLE log_add_runs ALTER COLUMN entries SET STORAGE MAIN;
ALTER TABLE log_add_runs SET (toast_tuple_target = 8160);
