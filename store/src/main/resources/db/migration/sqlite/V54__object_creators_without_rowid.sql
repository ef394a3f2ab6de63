-- object_creators as one B-tree keyed by object_id (SQLite only; PostgreSQL's table is unchanged).
-- As a rowid table it was two: the rows in rowid order and the primary-key index on object_id,
-- so every claim inserted into both. The only reads are by object_id (ObjectCreators.find and the
-- claim's look-up of ids another creator holds), which the key alone answers
-- (docs/benchmarks.md, "MISP import, fifth round").
CREATE TABLE object_creators_by_id (
  object_id TEXT NOT NULL PRIMARY KEY,
  creator   TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO object_creators_by_id (object_id, creator)
  SELECT object_id, creator FROM object_creators ORDER BY object_id;

DROP TABLE object_creators;
ALTER TABLE object_creators_by_id RENAME TO object_creators;
