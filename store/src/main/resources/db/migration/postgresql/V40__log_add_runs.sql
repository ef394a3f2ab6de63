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
-- Stored out of line without compression: ids and digests barely compress, and trying (pglz) cost
-- CPU inside the write transaction.
ALTER TABLE log_add_runs ALTER COLUMN entries SET STORAGE EXTERNAL;
