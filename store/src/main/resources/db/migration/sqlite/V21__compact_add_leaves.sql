-- Add leaves keep their record's fields in columns instead of its JSON text. Keep in step with
-- ../postgresql/V21. An add record is a pure function of (collection id, date_added, object id,
-- version_micros, sha256), so storing the fields is lossless; the canonical text is rebuilt
-- byte for byte when read. It shrinks the row the write path appends per object version from
-- about 260 to about 110 bytes: the log's share of ingest is mostly the bytes it adds to the
-- write transaction (docs/benchmarks.md, "Transparency log").
-- record: canonical JSON of every leaf but an add; NULL for add leaves, which fill the columns
-- below instead (collection_key as in objects: collections are never deleted or re-keyed).
CREATE TABLE log_leaves_v21 (
  leaf_index     INTEGER NOT NULL PRIMARY KEY,
  date_added     BIGINT,
  record         TEXT,
  collection_key INTEGER,
  object_id      TEXT,
  version_micros BIGINT,
  sha256         BLOB,
  CHECK ((record IS NULL) = (object_id IS NOT NULL))
);
INSERT INTO log_leaves_v21 (leaf_index, date_added, record)
  SELECT leaf_index, date_added, record FROM log_leaves;
DROP TABLE log_leaves;
ALTER TABLE log_leaves_v21 RENAME TO log_leaves;
CREATE INDEX log_leaves_by_date_added ON log_leaves (date_added) WHERE date_added IS NOT NULL;
