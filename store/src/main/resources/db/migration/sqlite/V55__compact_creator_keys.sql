-- Object creators keyed by the id's UUID as 16 bytes beside a small code for its type, and the
-- creator as a code (docs/storage.md, "Schema"). Keep in step with ../postgresql/V55. A bulk import
-- claims thousands of random ids per transaction, and each claim dirties a leaf of this B-tree:
-- keyed by the whole id text (about 50 bytes) and holding the creator's text, a row took about 65
-- bytes, so every transaction rewrote nearly every leaf (docs/benchmarks.md, "MISP import, sixth
-- round"). Now about 25 bytes.
--
-- An id TYPE--UUID whose last 36 characters are a UUID in canonical lower-case form is keyed by
-- (the UUID's 16 bytes, the code of TYPE in object_types, from 1); any other id by (its UTF-8
-- bytes, 0). The two never collide (0 is no type's code), and an id's key is a function of its
-- text alone (ObjectCreators.Key), so reads and claims find the same row.
CREATE TABLE object_types (
  code INTEGER NOT NULL PRIMARY KEY CHECK (code > 0),
  type TEXT    NOT NULL UNIQUE
);
CREATE TABLE creators (
  code    INTEGER NOT NULL PRIMARY KEY CHECK (code > 0),
  creator TEXT    NOT NULL UNIQUE  -- member:NAME, origin:IDENTITY, peer:NAME or node (V47)
);

CREATE TEMPORARY TABLE claims AS
  SELECT object_id, creator,
         (length(object_id) >= 38 AND substr(object_id, -38, 2) = '--'
          AND substr(object_id, -36) GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]') AS canonical
  FROM object_creators;

INSERT INTO object_types (code, type)
  SELECT row_number() OVER (ORDER BY type), type
  FROM (SELECT DISTINCT substr(object_id, 1, length(object_id) - 38) AS type
        FROM claims WHERE canonical);
INSERT INTO creators (code, creator)
  SELECT row_number() OVER (ORDER BY creator), creator FROM (SELECT DISTINCT creator FROM claims);

DROP TABLE object_creators;
CREATE TABLE object_creators (
  id_key       BLOB    NOT NULL,  -- the UUID's 16 bytes, or the whole id in UTF-8 (type_code 0)
  type_code    INTEGER NOT NULL,  -- object_types.code, or 0
  creator_code INTEGER NOT NULL,  -- creators.code
  PRIMARY KEY (id_key, type_code)
) WITHOUT ROWID;

INSERT INTO object_creators (id_key, type_code, creator_code)
  SELECT CASE WHEN k.canonical THEN unhex(replace(substr(k.object_id, -36), '-', ''))
              ELSE CAST(k.object_id AS BLOB) END,
         CASE WHEN k.canonical THEN t.code ELSE 0 END,
         c.code
  FROM claims k
  LEFT JOIN object_types t
    ON k.canonical AND t.type = substr(k.object_id, 1, length(k.object_id) - 38)
  JOIN creators c ON c.creator = k.creator
  ORDER BY 1, 2;

DROP TABLE claims;
