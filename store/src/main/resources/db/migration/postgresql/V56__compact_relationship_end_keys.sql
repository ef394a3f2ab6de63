-- The relationship ends' indexes on a short key of each end (docs/storage.md, "Schema"). Keep in
-- step with ../sqlite/V56, which says why: each end's key is its UUID's 16 bytes when the id ends
-- in a canonical lower-case UUID, else its UTF-8 text (the rule of object_creators.id_key, V55).
ALTER TABLE relationship_ends ADD COLUMN source_key BYTEA;
ALTER TABLE relationship_ends ADD COLUMN target_key BYTEA;

UPDATE relationship_ends SET
  source_key = CASE WHEN source_ref ~ '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    THEN decode(replace(right(source_ref, 36), '-', ''), 'hex')
                    ELSE convert_to(source_ref, 'UTF8') END,
  target_key = CASE WHEN target_ref ~ '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    THEN decode(replace(right(target_ref, 36), '-', ''), 'hex')
                    ELSE convert_to(target_ref, 'UTF8') END;

DROP INDEX relationship_ends_by_source;
DROP INDEX relationship_ends_by_target;
CREATE INDEX relationship_ends_by_source_key ON relationship_ends (source_key);
CREATE INDEX relationship_ends_by_target_key ON relationship_ends (target_key);
