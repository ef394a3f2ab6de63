-- Object creators keyed by the id's UUID as 16 bytes beside a small code for its type, and the
-- creator as a code (docs/storage.md, "Schema"). Keep in step with ../sqlite/V55, which says why.
-- An id TYPE--UUID whose last 36 characters are a UUID in canonical lower-case form is keyed by
-- (the UUID's 16 bytes, the code of TYPE in object_types, from 1); any other id by (its UTF-8
-- bytes, 0).
CREATE TABLE object_types (
  code INTEGER NOT NULL PRIMARY KEY CHECK (code > 0),
  type TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE TABLE creators (
  code    INTEGER NOT NULL PRIMARY KEY CHECK (code > 0),
  creator TEXT COLLATE "C" NOT NULL UNIQUE  -- member:NAME, origin:IDENTITY, peer:NAME or node
);

CREATE TEMPORARY TABLE claims AS
  SELECT object_id, creator,
         object_id ~ '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' AS canonical
  FROM object_creators;

INSERT INTO object_types (code, type)
  SELECT row_number() OVER (ORDER BY type), type
  FROM (SELECT DISTINCT left(object_id, length(object_id) - 38) AS type
        FROM claims WHERE canonical) d;
INSERT INTO creators (code, creator)
  SELECT row_number() OVER (ORDER BY creator), creator
  FROM (SELECT DISTINCT creator FROM claims) d;

DROP TABLE object_creators;
CREATE TABLE object_creators (
  id_key       BYTEA   NOT NULL,  -- the UUID's 16 bytes, or the whole id in UTF-8 (type_code 0)
  type_code    INTEGER NOT NULL,  -- object_types.code, or 0
  creator_code INTEGER NOT NULL,  -- creators.code
  PRIMARY KEY (id_key, type_code)
);

INSERT INTO object_creators (id_key, type_code, creator_code)
  SELECT CASE WHEN k.canonical THEN decode(replace(right(k.object_id, 36), '-', ''), 'hex')
              ELSE convert_to(k.object_id, 'UTF8') END,
         CASE WHEN k.canonical THEN t.code ELSE 0 END,
         c.code
  FROM claims k
  LEFT JOIN object_types t
    ON k.canonical AND t.type = left(k.object_id, length(k.object_id) - 38)
  JOIN creators c ON c.creator = k.creator
  ORDER BY 1, 2;

DROP TABLE claims;
