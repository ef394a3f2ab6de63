-- The objects' unique version index on a short key of each id (docs/storage.md, "Schema"). Keep in
-- step with ../postgresql/V57. The index (collection_key, id, version_micros) held the whole id text
-- (about 50 bytes), and an import of random ids into a collection that already holds many objects
-- dirtied nearly every leaf of it in each transaction: the largest single cost of the storing
-- thread there, growing with the collection (docs/benchmarks.md, "MISP import, seventh round").
-- Each row now also has its id's key, the rule of object_creators (V55): the UUID's 16 bytes and
-- the code of its type in object_types when the id ends in a canonical lower-case UUID, else its
-- UTF-8 text and type code 0. The key is a function of the id's text alone and the two never
-- collide, so (collection_key, id_key, type_code, version_micros) is unique exactly when
-- (collection_key, id, version_micros) was.
--
-- SQLite adds a NOT NULL column only with a default, which would let a writer that forgot the key
-- store a row that escapes the unique index; so the table is rebuilt with the two columns.

CREATE TEMPORARY TABLE object_keys AS
  SELECT date_added,
         (length(id) >= 38 AND substr(id, -38, 2) = '--'
          AND substr(id, -36) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]') AS canonical
  FROM objects;

-- Types stored before any claim named them (object_types was filled from the claims in V55).
INSERT INTO object_types (code, type)
  SELECT (SELECT COALESCE(MAX(code), 0) FROM object_types) + row_number() OVER (ORDER BY type), type
  FROM (SELECT DISTINCT substr(o.id, 1, length(o.id) - 38) AS type
        FROM objects o JOIN object_keys k ON k.date_added = o.date_added
        WHERE k.canonical
          AND substr(o.id, 1, length(o.id) - 38) NOT IN (SELECT type FROM object_types));

CREATE TABLE objects_v57 (
  date_added     INTEGER NOT NULL PRIMARY KEY,
  collection_key INTEGER NOT NULL REFERENCES collections (key),
  id             TEXT    NOT NULL,
  version_micros BIGINT  NOT NULL,  -- modified, else created, else 0
  type           TEXT    NOT NULL,
  version        TEXT,              -- the version's original text; NULL when version_micros is 0
  spec_version   TEXT    NOT NULL,
  json           TEXT    NOT NULL,
  id_key         BLOB    NOT NULL,  -- the UUID's 16 bytes, or the whole id in UTF-8 (type_code 0)
  type_code      INTEGER NOT NULL   -- object_types.code, or 0
);

INSERT INTO objects_v57 (date_added, collection_key, id, version_micros, type, version,
                         spec_version, json, id_key, type_code)
  SELECT o.date_added, o.collection_key, o.id, o.version_micros, o.type, o.version,
         o.spec_version, o.json,
         CASE WHEN k.canonical THEN unhex(replace(substr(o.id, -36), '-', ''))
              ELSE CAST(o.id AS BLOB) END,
         CASE WHEN k.canonical THEN t.code ELSE 0 END
  FROM objects o
  JOIN object_keys k ON k.date_added = o.date_added
  LEFT JOIN object_types t ON k.canonical AND t.type = substr(o.id, 1, length(o.id) - 38)
  ORDER BY o.date_added;

DROP TABLE object_keys;
DROP TABLE objects;
ALTER TABLE objects_v57 RENAME TO objects;
CREATE UNIQUE INDEX objects_by_key_version ON objects (collection_key, id_key, type_code, version_micros);
CREATE INDEX objects_by_date_added ON objects (collection_key, date_added);
CREATE INDEX objects_by_type ON objects (collection_key, type, date_added);
