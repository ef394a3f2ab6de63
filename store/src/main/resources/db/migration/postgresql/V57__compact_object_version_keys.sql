-- The objects' unique version index on a short key of each id (docs/storage.md, "Schema"). Keep in
-- step with ../sqlite/V57, which says why: each row also has its id's key, the UUID's 16 bytes and
-- the code of its type when the id ends in a canonical lower-case UUID, else its UTF-8 text and
-- type code 0 (the rule of object_creators, V55), and the unique index is on the key.

-- Types stored before any claim named them (object_types was filled from the claims in V55).
INSERT INTO object_types (code, type)
  SELECT (SELECT COALESCE(MAX(code), 0) FROM object_types) + row_number() OVER (ORDER BY type), type
  FROM (SELECT DISTINCT left(id, length(id) - 38) AS type FROM objects
        WHERE id ~ '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          AND left(id, length(id) - 38) NOT IN (SELECT type FROM object_types)) d;

ALTER TABLE objects ADD COLUMN id_key BYTEA;
ALTER TABLE objects ADD COLUMN type_code INTEGER;

UPDATE objects o SET
  id_key = CASE WHEN o.id ~ '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                THEN decode(replace(right(o.id, 36), '-', ''), 'hex')
                ELSE convert_to(o.id, 'UTF8') END,
  type_code = CASE WHEN o.id ~ '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                   THEN (SELECT t.code FROM object_types t WHERE t.type = left(o.id, length(o.id) - 38))
                   ELSE 0 END;

ALTER TABLE objects ALTER COLUMN id_key SET NOT NULL;
ALTER TABLE objects ALTER COLUMN type_code SET NOT NULL;
CREATE UNIQUE INDEX objects_by_key_version ON objects (collection_key, id_key, type_code, version_micros);
DROP INDEX objects_by_version;
